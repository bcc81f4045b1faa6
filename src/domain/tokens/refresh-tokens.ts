/** Opaque refresh tokens: random, stored as SHA-256 hashes only (spec/auth.md §D.4). */
import { opaqueToken } from '../crypto/opaque-token.ts';
import { hashSecret } from '../crypto/sealed.ts';

/** 48 random bytes, base64url: matches `[A-Za-z0-9-_=.]+`. */
export const newRefreshToken = (): string => opaqueToken(48);

export const refreshTokenHash = (token: string): string => hashSecret(`refresh:${token}`);

/** Refresh tokens are 64 chars of base64url; anything else cannot be one of ours. */
export const looksLikeRefreshToken = (token: string): boolean => /^[A-Za-z0-9_-]{64}$/.test(token);
