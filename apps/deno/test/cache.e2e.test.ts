import { describeCacheSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCacheSuite('deno', startApp);
