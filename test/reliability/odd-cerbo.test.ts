import { describeOddAnswers } from './odd';

describeOddAnswers('cerbo');
