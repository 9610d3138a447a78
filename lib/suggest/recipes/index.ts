// The recipe library: each entry decides from the data whether it applies, and says why.
import { dataQualityMonitor } from './dataQualityMonitor';
import { highValueRecord } from './highValueRecord';
import { kpiAnomalyAlert } from './kpiAnomalyAlert';
import { kpiDigest } from './kpiDigest';
import { postSyncTransform } from './postSyncTransform';
import { renewalReminder } from './renewalReminder';
import { staleDataAlert } from './staleData';
import { syncFailureAlert } from './syncFailureAlert';
import type { Recipe } from './types';

export const RECIPES: readonly Recipe[] = [
	syncFailureAlert,
	postSyncTransform,
	dataQualityMonitor,
	kpiDigest,
	kpiAnomalyAlert,
	highValueRecord,
	staleDataAlert,
	renewalReminder,
];

export type { Offer, Recipe, RecipeId, SuggestOptions } from './types';
