import { describeCompatSuite, describeRoutingSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCompatSuite('deno', startApp);
describeRoutingSuite('deno', startApp);
