export type AnchorErrorCode = 'unknown-passage' | 'bad-range' | 'empty-selection';

/** Thrown by describeRange for selections that cannot become an anchor (never by re-anchoring). */
export class AnchorError extends Error {
  readonly code: AnchorErrorCode;

  constructor(code: AnchorErrorCode, message: string) {
    super(message);
    this.name = 'AnchorError';
    this.code = code;
  }
}
