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
