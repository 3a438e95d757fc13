import { create } from 'zustand';

/** Client-only UI state. Server data never goes here (it lives in TanStack Query). */
interface UiState {
  navOpen: boolean;
  setNavOpen: (open: boolean) => void;
}

export const useUiStore = create<UiState>((set) => ({
  navOpen: false,
  setNavOpen: (navOpen) => set({ navOpen }),
}));
