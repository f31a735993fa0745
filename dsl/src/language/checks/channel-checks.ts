import type { ValidationAcceptor } from 'langium';
import { isFirstReviewStage, isPreReviewStep, isReviewStep, type Matter, type Step } from '../generated/ast.js';
import { submissionMode } from '../vocabulary.js';
import { report } from './report.js';

/** A way an application reaches the department, as the Definition spells it. */
export type Channel = 'online' | 'onSite' | 'express';

/** How a channel reads in a message: the window's road is what the rules call 窗口办理. */
export const channelRoadLabel: Record<Channel, string> = { online: '网上', onSite: '窗口（现场）', express: '快递' };
const channelKeyword: Record<Channel, string> = { online: '网上', onSite: '现场', express: '快递' };

/** The source the rule comes from, as the seeds name it. */
export const onlineNoLongerThanWindow = '《佛山市南海区网上办事管理办法（试行）》第十条';

/** The channels a step is limited to (`仅 现场`), or undefined when every case takes it. */
export function stepChannels(step: Step): Channel[] | undefined {
  if (!isReviewStep(step) || step.channels.length === 0) return undefined;
  return step.channels.map(c => submissionMode(c)).filter((c): c is Channel => c !== undefined);
}

/** Whether a case submitted on `channel` takes the step. */
export function takenOn(step: Step, channel: Channel | undefined): boolean {
  const only = stepChannels(step);
  return !only || channel === undefined || only.includes(channel);
}

/** The matter's submission channels (递交), deduplicated, in the order written. */
export function offeredChannels(matter: Matter): Channel[] {
  return [...new Set(matter.submission.map(m => submissionMode(m)).filter((c): c is Channel => c !== undefined))];
}

/**
 * The roads a matter's cases may take, one per submission channel: the top-level steps a case on that channel
 * passes. With no step limited to a channel, one road (undefined) stands for them all.
 */
export function roads(matter: Matter, steps: Step[]): Array<{ channel: Channel | undefined; steps: Step[] }> {
  const specific = steps.some(s => stepChannels(s) || (isFirstReviewStage(s) && s.steps.some(stepChannels)));
  const channels = offeredChannels(matter);
  if (!specific || channels.length === 0) return [{ channel: undefined, steps }];
  return channels.map(channel => ({ channel, steps: steps.filter(s => takenOn(s, channel)) }));
}

/** Every step a case on `channel` passes, a first review's own steps included, pre-review left out. */
function countedSteps(steps: Step[], channel: Channel): Step[] {
  return steps
    .filter(s => takenOn(s, channel) && !isPreReviewStep(s))
    .flatMap(s => (isFirstReviewStage(s) ? countedSteps(s.steps, channel) : [s]));
}

function allSteps(steps: Step[]): Step[] {
  return steps.flatMap(s => (isFirstReviewStage(s) ? [s, ...allSteps(s.steps)] : [s]));
}

const quote = (step: Step) => `“${isReviewStep(step) ? (step.label ?? step.keyword) : '环节'}”`;

/**
 * Steps taken on one channel only (`仅 现场`): each channel named must be one the matter offers and not named twice,
 * a list naming every offered channel says nothing; and, where a matter is handled both online and at the window,
 * its online road may not have more steps than its window road, pre-review aside (seeds 001 第十条).
 */
export function checkChannelSteps(matter: Matter, accept: ValidationAcceptor): void {
  const steps = matter.steps?.steps ?? [];
  const offered = offeredChannels(matter);
  for (const step of allSteps(steps)) {
    if (!isReviewStep(step) || step.channels.length === 0) continue;
    const seen = new Set<Channel>();
    step.channels.forEach((written, index) => {
      const channel = submissionMode(written);
      if (!channel) return;
      if (seen.has(channel)) {
        report(accept, 'warning', 'steps.channel-duplicate', `“仅”后面的“${channelKeyword[channel]}”写了两次。`, step, {
          property: 'channels',
          index
        });
      } else if (offered.length > 0 && !offered.includes(channel)) {
        report(
          accept,
          'error',
          'steps.channel-not-offered',
          `${quote(step)}只在${channelKeyword[channel]}递交的办件上办理，但本事项的递交方式没有“${channelKeyword[channel]}”（递交 ${offered.map(c => channelKeyword[c]).join('、')}）：请删去它，或在“递交”中加上。`,
          step,
          { property: 'channels', index }
        );
      }
      seen.add(channel);
    });
    if (offered.length > 0 && offered.every(c => seen.has(c))) {
      report(
        accept,
        'warning',
        'steps.channel-every',
        `${quote(step)}写了“仅 ${[...seen].map(c => channelKeyword[c]).join('、')}”，本事项的每种递交方式都在里面，等于不写：请删去“仅 …”，或只留下这个环节真正适用的递交方式。`,
        step,
        { property: 'channels' }
      );
    }
  }
  if (!offered.includes('online') || !offered.includes('onSite')) return;
  const online = countedSteps(steps, 'online');
  const atWindow = countedSteps(steps, 'onSite');
  if (online.length <= atWindow.length) return;
  const onlineOnly = online.filter(isReviewStep).filter(s => !takenOn(s, 'onSite'));
  const message =
    `网上办理流程有 ${online.length} 个环节，多于窗口办理流程的 ${atWindow.length} 个：除预约、预审环节外，网上申请办理流程的环节不得多于窗口办理流程的环节（${onlineNoLongerThanWindow}）。` +
    `只在网上办理的环节：${onlineOnly.map(quote).join('、')}。`;
  // The common steps cancel out, so the surplus is always steps taken online and not at the window: mark those.
  for (const step of onlineOnly) {
    report(accept, 'error', 'steps.online-more-than-window', message, step, { property: 'channels' });
  }
}
