import { execFileSync } from 'node:child_process';

/** Bundles the page's TypeScript into adapters/web/static/app.js, as `npm run build` does. */
export default function bundleThePage(): void {
  execFileSync('npm', ['run', '--silent', 'build:client'], { stdio: 'inherit' });
}
