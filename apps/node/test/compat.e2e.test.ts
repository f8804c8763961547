import { describeCompatSuite, describeRoutingSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCompatSuite('node', startApp);
describeRoutingSuite('node', startApp);
