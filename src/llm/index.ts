/** The optional LLM layer: everything works without it; with it, answers read better and are verified. */
export { chatModelFromEnv, retryPolicy, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './config.ts';
export { answerWithLlm, generateAnswer, answerMessages, formatPassages, formatRows, type AnswerPassage, type LlmAnswer } from './answer.ts';
export { llmPlan, parsePlanReply, planMessages, type PlanContext } from './planner.ts';
export { rewriteFollowUp, cleanRewrite, formatHistory } from './followup.ts';
export { generateRefusal } from './refusal.ts';
export { verifyAnswer, canonicalCitations, citationNumbers, splitTrusted, hasInstruction, type Verification, type VerifyPassage, type VerifyOptions } from './verify.ts';
export { loadPrompt, parsePromptFile, asData, PROMPTS, type PromptTask } from './templates.ts';
