import { workspaceTests } from '../../vitest.shared.ts';

export default workspaceTests(['src/**/*.test.ts', 'test/**/*.test.ts']);
