import { describeCompatSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCompatSuite('bun', startApp);
