import { describeCompatSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCompatSuite('node', startApp);
