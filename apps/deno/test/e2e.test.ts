import { describeProxySuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeProxySuite('deno', startApp);
