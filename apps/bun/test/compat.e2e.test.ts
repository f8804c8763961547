import { describeCompatSuite, describeRoutingSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCompatSuite('bun', startApp);
describeRoutingSuite('bun', startApp);
