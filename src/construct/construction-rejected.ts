/** A conversation that failed a stage or verification: it goes to the rejects file with this reason. */
export class ConstructionRejected extends Error {
  override readonly name = "ConstructionRejected";
  readonly stage: string;

  constructor(stage: string, reason: string) {
    super(reason);
    this.stage = stage;
  }
}
