import { InputError } from "../errors/input-error.js";

/** No BFCL folder was given and no Python could import `bfcl_eval`: the message says how to install it. */
export class BfclNotInstalled extends InputError {
  readonly tried: string[];

  constructor(tried: string[]) {
    super(
      `no BFCL folder given and the bfcl-eval package was not found (tried ${tried.join(", ")}): install it ` +
        "with 'pip install --no-deps -r requirements-bfcl.txt' into the Python that TTPA_PYTHON names, " +
        "or give the folder that holds BFCL_v4_*.json",
    );
    this.tried = tried;
  }
}
