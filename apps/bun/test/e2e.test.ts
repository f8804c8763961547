import { describeProxySuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeProxySuite('bun', startApp);
