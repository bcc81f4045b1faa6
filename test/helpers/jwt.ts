import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/**
 * aws-jwt-verify's built-in fetcher speaks https only; the test server is plain http, so the
 * verifier gets a JWKS cache whose fetcher uses the global fetch. Everything else (the JWKS
 * download from the server's jwksUri, kid lookup, signature and claim checks) is the library's own.
 */
export function httpJwksCache(): SimpleJwksCache {
  return new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        const res = await fetch(uri);
        if (!res.ok) throw new Error(`JWKS fetch ${uri}: HTTP ${res.status}`);
        return res.arrayBuffer();
      },
    },
  });
}
