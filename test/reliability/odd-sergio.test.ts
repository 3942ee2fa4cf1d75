import { describeOddAnswers } from './odd';

describeOddAnswers('sergio');
