import { describeDashboardSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeDashboardSuite('deno', startApp);
