/**
 * A chat template that does not render a conversation with one more assistant turn as an extension
 * of the prompt it renders without it; completions (and so divergence tokens) cannot be cut out.
 */
export class TemplateMismatchError extends Error {
  override readonly name = "TemplateMismatchError";
  readonly prompt: string;
  readonly rendered: string;

  constructor(context: { prompt: string; rendered: string }) {
    super(
      "the chat template does not render the assistant turn as an extension of the prompt " +
        "(add_generation_prompt); its completions cannot be cut out",
    );
    this.prompt = context.prompt;
    this.rendered = context.rendered;
  }
}
