// NodePorts (plugins/nodeports): a pod's hostPorts must be free on the node (MISC-FILTERS).
// Two uses clash when protocol and port agree and either binds every address (0.0.0.0).
import { unschedulable, type Plugin } from '../framework';
import { hostPortsOf, portKey } from '../cache';

const REASON = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: Plugin = {
  name: 'NodePorts',
  weight: 0,
  preFilter: (pod) => {
    const wanted = hostPortsOf(pod);
    if (wanted.length === 0) return null;
    return {
      filter: (node) => {
        for (const p of wanted) {
          const key = portKey(p);
          const [protocol, ip, port] = key.split('/');
          const anyAddress = `${protocol}/0.0.0.0/${port}`;
          if (node.usedPorts.has(key) || node.usedPorts.has(anyAddress)) return unschedulable(REASON);
          if (ip === '0.0.0.0') {
            for (const used of node.usedPorts.keys()) {
              const [uProtocol, , uPort] = used.split('/');
              if (uProtocol === protocol && uPort === port) return unschedulable(REASON);
            }
          }
        }
        return null;
      },
    };
  },
};
