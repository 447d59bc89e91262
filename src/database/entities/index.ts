import { Agent } from './agent/agent.entity.js';
import { AgentExecution } from './agent/agent-execution.entity.js';
import { AgentExecutionDetails } from './agent/agent-execution-details.entity.js';
import { AgentPublish } from './agent/agent-publish.entity.js';
import { AgentWorkflowRelation } from './agent/agent-workflow-relation.entity.js';
import { EmbeddingModelConfigs } from './agent/embedding-model-configs.entity.js';
import { KnowledgeBase } from './agent/knowledge-base.entity.js';
import { KnowledgeBaseDocument } from './agent/knowledge-base-document.entity.js';
import { MemoryBase } from './agent/memory-base.entity.js';
import { ModelConfigs } from './agent/model-configs.entity.js';
import { ModelUsageLogs } from './agent/model-usage-logs.entity.js';
import { Plugin } from './agent/plugin.entity.js';
import { PluginPublish } from './agent/plugin-publish.entity.js';
import { PromptRelation } from './agent/prompt-relation.entity.js';
import { Reference } from './agent/reference.entity.js';
import { Space } from './agent/space.entity.js';
import { SpaceUser } from './agent/space-user.entity.js';
import { SystemEmbeddingModel } from './agent/system-embedding-model.entity.js';
import { SystemLlmModel } from './agent/system-llm-model.entity.js';
import { Tag } from './agent/tag.entity.js';
import { Tool } from './agent/tool.entity.js';
import { TraceDetail } from './agent/trace-detail.entity.js';
import { User } from './agent/user.entity.js';
import { Workflow } from './agent/workflow.entity.js';
import { WorkflowExecution } from './agent/workflow-execution.entity.js';
import { WorkflowExecutionDetails } from './agent/workflow-execution-details.entity.js';
import { WorkflowPublish } from './agent/workflow-publish.entity.js';
import { WorkflowTagAssociation } from './agent/workflow-tag-association.entity.js';
import { TraceSummary } from './agent/trace-summary.entity.js';
import { JobUserDraft } from './ops/job-user-draft.entity.js';
import { JobUserInfo } from './ops/job-user-info.entity.js';
import { PromptBasic } from './ops/prompt-basic.entity.js';
import { PromptCommit } from './ops/prompt-commit.entity.js';
import { PromptUserDraft } from './ops/prompt-user-draft.entity.js';
import { PromptVersions } from './ops/prompt-versions.entity.js';
import { Prompts } from './ops/prompts.entity.js';
import { OpsUser } from './ops/user.entity.js';
import type { DatabaseName, Dialect } from '../../version-guard/core/revision.js';

/** Agent tables at head on both dialects (`user_message` belongs to the memory module, not here). */
const AGENT_COMMON = [
  Agent, AgentExecution, AgentExecutionDetails, AgentPublish, AgentWorkflowRelation, EmbeddingModelConfigs, KnowledgeBase, KnowledgeBaseDocument, MemoryBase, ModelConfigs, ModelUsageLogs, Plugin, PluginPublish, PromptRelation, Reference, Space, SpaceUser, SystemEmbeddingModel, SystemLlmModel, Tag, Tool, TraceDetail, User, Workflow, WorkflowExecution, WorkflowExecutionDetails, WorkflowPublish, WorkflowTagAssociation,
];

/** Agent entities at head of `dialect`: the MySQL history also has `trace_summary`. */
export const agentEntities = (dialect: Dialect) => (dialect === 'mysql' ? [...AGENT_COMMON, TraceSummary] : AGENT_COMMON);

/** Ops entities at head (the same on both dialects). */
export const OPS_ENTITIES = [
  JobUserDraft, JobUserInfo, PromptBasic, PromptCommit, PromptUserDraft, PromptVersions, Prompts, OpsUser,
];

/** The entities describing the head schema of `database` on `dialect`. */
export function entitiesFor(database: DatabaseName, dialect: Dialect) {
  return database === 'agent' ? agentEntities(dialect) : OPS_ENTITIES;
}
