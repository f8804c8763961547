import { describeSecuritySuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeSecuritySuite('node', startApp);
