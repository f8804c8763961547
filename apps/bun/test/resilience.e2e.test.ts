import { describeResilienceSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeResilienceSuite('bun', startApp);
