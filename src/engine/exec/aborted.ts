/** Thrown inside a worker when its run was cancelled or another worker faulted. */
export class RunAborted extends Error {
  constructor(message = 'run aborted') {
    super(message);
    this.name = 'RunAborted';
  }
}
