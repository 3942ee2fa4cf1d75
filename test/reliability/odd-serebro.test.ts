import { describeOddAnswers } from './odd';

describeOddAnswers('serebro');
