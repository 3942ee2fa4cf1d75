import type { FastifyInstance } from 'fastify';
import { ApiError, invalid } from '../../core/errors';
import type { Workflow, WorkflowExecution } from '../store';
import { asBody, newestFirst, oneOf, optionalString } from '../validate';
import { inLocation, now, requireScope, type V2 } from '../v2';

const publicWorkflow = ({ id, locationId, name, status, createdAt, updatedAt }: Workflow) => ({
  id,
  locationId,
  name,
  status,
  createdAt,
  updatedAt,
});

/**
 * Workflows and their executions (docs/apis.md §1.3). An execution moves queued → running → finished on
 * timers (`workflowStepMs`) and fires `workflow.execution.completed`; `close()` stops the timers.
 */
export function registerWorkflows(scope: FastifyInstance, { store, context, locationOf, emit, list }: V2): { close(): void } {
  const timers = new Set<NodeJS.Timeout>();

  list('/workflows', 'workflows:read', () => store.workflows, (workflows, q) => {
    const status = oneOf(q, 'status', ['draft', 'published'] as const);
    return newestFirst(workflows.filter((w) => !status || w.status === status)).map(publicWorkflow);
  });

  const advance = (execution: WorkflowExecution, needsContact: boolean) => {
    const later = (fn: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, context.options.workflowStepMs);
      timers.add(timer);
    };
    later(() => {
      execution.status = 'running';
      execution.startedAt = now();
      later(() => {
        const failed = needsContact && !execution.contactId;
        execution.status = failed ? 'failed' : 'succeeded';
        execution.error = failed ? 'This workflow needs a contact to run' : null;
        execution.finishedAt = now();
        emit(execution.locationId, 'workflow.execution.completed', execution);
      });
    });
  };

  scope.post<{ Params: { id: string } }>('/workflows/:id/execute', async (request, reply) => {
    requireScope(request, 'workflows:write');
    const locationId = locationOf(request);
    const workflow = inLocation(store.workflows, request.params.id, locationId, 'Workflow');
    const body = asBody(request.body);
    const contactId = optionalString(body, 'contactId');
    if (contactId && !store.contacts.some((c) => c.id === contactId && c.locationId === locationId)) {
      throw invalid('contactId', `does not name a contact of this Location (${contactId})`);
    }
    if (body.data !== undefined && body.data !== null && (typeof body.data !== 'object' || Array.isArray(body.data))) {
      throw invalid('data', 'must be an object');
    }
    if (workflow.status !== 'published') {
      throw new ApiError(422, 'workflow_not_published', `Workflow "${workflow.name}" is a draft: publish it before running it`, {
        field: 'workflowId',
      });
    }
    const execution: WorkflowExecution = {
      id: context.ids.next('wfx'),
      locationId,
      workflowId: workflow.id,
      contactId: contactId ?? null,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      error: null,
      createdAt: now(),
    };
    store.executions.push(execution);
    advance(execution, workflow.needsContact);
    return reply.code(202).send(execution);
  });

  list('/workflow-executions', 'workflows:read', () => store.executions, (executions, q) => {
    const status = oneOf(q, 'status', ['queued', 'running', 'succeeded', 'failed'] as const);
    return newestFirst(executions.filter((x) => (!q.workflowId || x.workflowId === q.workflowId) && (!status || x.status === status)));
  });

  scope.get<{ Params: { id: string } }>('/workflow-executions/:id', async (request) => {
    requireScope(request, 'workflows:read');
    return inLocation(store.executions, request.params.id, locationOf(request), 'Workflow execution');
  });

  return {
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
