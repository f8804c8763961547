import { describeObservabilitySuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeObservabilitySuite('node', startApp);
