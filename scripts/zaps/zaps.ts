import type { DemoContext, SectionPlan } from './harness';
import { connectSteps } from './connect';
import { ZapRun } from './zap-run';
import { zap1 } from './zap1-sergio-job-to-serebro-workflow';
import { zap2 } from './zap2-cerbo-patient-to-serebro-booking';
import { zap3 } from './zap3-serebro-lead-to-sergio-job';
import { zap4 } from './zap4-serebro-booking-to-reminders';
import { zap5 } from './zap5-serebro-deal-to-tags';

/**
 * The Zaps `npm start` runs, each as Zapier runs it: turned on (REST hooks subscribed, polling
 * deduplication primed), triggered by something a person does in a product, then its actions
 * performed with dropdowns filled from the connectors' hidden triggers. All hooks are turned off at
 * the end, whatever happened before. Zap 3's lead goes on to Zaps 4 and 5, and Zap 4's booking to Zap 5.
 */
export function plan(context: DemoContext): SectionPlan[] {
  const zapRun = new ZapRun(context);
  const serebroLead = zap3(zapRun);
  const serebroBooking = zap4(zapRun, { lead: serebroLead.lead });
  return [
    { title: 'Connect accounts', short: 'Connect accounts', steps: connectSteps(context), independent: true },
    {
      title: 'Zap 1 · New Sergio job → Find or Create Serebro contact → Execute Serebro workflow → Serebro workflow execution completed',
      short: 'Zap 1 · Sergio job → Serebro workflow',
      steps: zap1(zapRun),
    },
    {
      title: 'Zap 2 · New Cerbo patient → Create Serebro contact → Book Serebro appointment',
      short: 'Zap 2 · Cerbo patient → Serebro booking',
      steps: zap2(zapRun),
    },
    {
      title: 'Zap 3 · Serebro contact created → Find or Create Sergio customer → Create Sergio job',
      short: 'Zap 3 · Serebro lead → Sergio job',
      steps: serebroLead.steps,
    },
    {
      title: 'Zap 4 · Serebro appointment booked → Execute Serebro workflow',
      short: 'Zap 4 · Serebro booking → reminders',
      steps: serebroBooking.steps,
    },
    {
      title: 'Zap 5 · New Serebro opportunity → Add Tags to its contact → Create or Update Contact (custom field by name); appointment canceled → Remove Tags',
      short: 'Zap 5 · Serebro deal → tags, lead score',
      steps: zap5(zapRun, { lead: serebroLead.lead, booked: serebroBooking.booked }),
    },
    { title: 'Turn Zaps off', short: 'Turn Zaps off', steps: [zapRun.turnOff('sergio'), zapRun.turnOff('serebro')], independent: true },
  ];
}
