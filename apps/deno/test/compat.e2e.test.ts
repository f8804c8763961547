import { describeCompatSuite } from '@aigw/testkit';
import { startApp } from './start-app.ts';

describeCompatSuite('deno', startApp);
