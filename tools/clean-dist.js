// Removes dist/ before a build so stale files never ship.
require('fs').rmSync(require('path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
