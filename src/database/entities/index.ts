import { Agent } from './agent/agent.entity.js';
import { ExecutionRecord } from './agent/execution-record.entity.js';
import { KnowledgeBase } from './agent/knowledge-base.entity.js';
import { Plugin } from './agent/plugin.entity.js';
import { UserProfile } from './agent/user-profile.entity.js';
import { Workflow } from './agent/workflow.entity.js';
import { AuditLog } from './ops/audit-log.entity.js';
import { PromptTemplate } from './ops/prompt-template.entity.js';

export { Agent, ExecutionRecord, KnowledgeBase, Plugin, UserProfile, Workflow, AuditLog, PromptTemplate };

/** Entities of the agent database at head (`user_message` belongs to the memory module, not here). */
export const AGENT_ENTITIES = [Agent, Workflow, KnowledgeBase, ExecutionRecord, Plugin, UserProfile];

/** Entities of the ops database at head. */
export const OPS_ENTITIES = [PromptTemplate, AuditLog];
