import { describeResilienceSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeResilienceSuite('node', startApp);
