import { createContext, useContext } from 'react';
import type { Settings, SettingsPatch } from '../../shared/domain.js';

export interface SettingsApi {
  settings: Settings;
  /** A function property, not a method: screens take it out of the context (`const { update } = useSettings()`). */
  update: (patch: SettingsPatch) => Promise<void>;
}

export const SettingsContext = createContext<SettingsApi | null>(null);

export function useSettings(): SettingsApi {
  const api = useContext(SettingsContext);
  if (!api) throw new Error('useSettings outside SettingsContext');
  return api;
}
