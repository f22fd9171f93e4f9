// Manifests shared by tests and benchmarks that only need "some pods".

/** A ReplicaSet `name` of `replicas` nginx pods labelled app=<name>. */
export function replicaSetYaml(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers: [{name: c, image: nginx}]
`;
}

/** A Deployment of `replicas` pods of `image` (label app=<name>); `strategy` is spec lines. */
export function deploymentYaml(name: string, replicas: number, image: string, strategy = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
${strategy}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: app
        image: ${image}
`;
}

/** A StatefulSet `web` with its serviceName, `replicas` pods of `image`; `extra` is spec lines. */
export function webStatefulSetYaml(replicas: number, image = 'nginx', extra = ''): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: ${replicas}
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: ${image}}]
${extra}`;
}
