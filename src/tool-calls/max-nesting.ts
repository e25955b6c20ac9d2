/**
 * How deep lists, objects and tuples may nest. Far deeper than any real argument; the limit keeps
 * hostile or degenerate output from overflowing the stack of the recursive parsers.
 */
export const MAX_NESTING = 200;
