// The browser app of test/amplify-oauth.test.ts, bundled by esbuild: Amplify v6 configured for the
// hosted UI (window.AMPLIFY_CONFIG, written into the page by the test), a button that calls
// signInWithRedirect() (with a custom provider when window.SIGN_IN_PROVIDER names one), and on return (Amplify trades the code itself on load) what
// getCurrentUser() and fetchAuthSession() say, as JSON in #result. A page load without a code shows
// in #status whether Amplify holds a signed-in user; the sign-out button calls signOut(), which
// ends the hosted session at /logout and comes back.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signInWithRedirect, signOut } from 'aws-amplify/auth';
import 'aws-amplify/auth/enable-oauth-listener';
import { Hub } from 'aws-amplify/utils';

const result = document.getElementById('result');
const show = (value) => {
  result.textContent = JSON.stringify(value);
};
const describe = (err) => ({ error: `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}` });

Amplify.configure(window.AMPLIFY_CONFIG);

Hub.listen('auth', ({ payload }) => {
  if (payload.event === 'signInWithRedirect') {
    Promise.all([getCurrentUser(), fetchAuthSession()]).then(
      ([user, session]) => show({ user, accessToken: session.tokens?.accessToken?.toString(), idToken: session.tokens?.idToken?.toString() }),
      (err) => show(describe(err)),
    );
  } else if (payload.event === 'signInWithRedirect_failure') {
    show(describe(payload.data?.error ?? payload.data));
  }
});

// window.SIGN_IN_PROVIDER (set by the test): the name of a pool's external identity provider.
document.getElementById('sign-in').addEventListener('click', () => {
  const provider = window.SIGN_IN_PROVIDER;
  signInWithRedirect(provider ? { provider: { custom: provider } } : undefined).catch((err) => show(describe(err)));
});
document.getElementById('sign-out').addEventListener('click', () => {
  signOut().catch((err) => show(describe(err)));
});
const status = document.getElementById('status');
if (new URLSearchParams(location.search).has('code')) {
  document.body.dataset.ready = 'true';
} else {
  getCurrentUser().then(
    (user) => (status.textContent = `signed in: ${user.username}`),
    () => (status.textContent = 'signed out'),
  ).finally(() => (document.body.dataset.ready = 'true'));
}
