// Every command and view ID the extension contributes, in one table (as rust-analyzer keeps its
// command table): package.json's `contributes` must list exactly these (test/extension-ids.test.ts).
// No vscode import, so node tests read it.

export const COMMANDS = {
  simulate: 'k8sSim.simulate',
  simulateScale: 'k8sSim.simulateScale',
  simulateDelete: 'k8sSim.simulateDelete',
  simulateTraffic: 'k8sSim.simulateTraffic',
  simulateNodeFailure: 'k8sSim.simulateNodeFailure',
  simulateNodeRecovery: 'k8sSim.simulateNodeRecovery',
  simulateCordon: 'k8sSim.simulateCordon',
  simulateUncordon: 'k8sSim.simulateUncordon',
  simulateDrain: 'k8sSim.simulateDrain',
  simulateCrash: 'k8sSim.simulateCrash',
  simulateChange: 'k8sSim.simulateChange',
  runScenario: 'k8sSim.runScenario',
  openLesson: 'k8sSim.openLesson',
  saveAsScenario: 'k8sSim.saveAsScenario',
  showTimeline: 'k8sSim.showTimeline',
  reset: 'k8sSim.reset',
  undoStep: 'k8sSim.undoStep',
  revealSource: 'k8sSim.revealSource',
} as const;

export type CommandName = keyof typeof COMMANDS;

export const VIEWS = {
  cluster: 'k8sSim.cluster',
} as const;
