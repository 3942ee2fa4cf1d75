import { describeInputProperties } from './inputs';

describeInputProperties('serebro');
