import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/** Within this many pixels of the end counts as "at the bottom" (rounding, a partly shown line). */
const SLACK = 48;

function distanceToEnd(): number {
  const doc = document.documentElement;
  return doc.scrollHeight - (window.scrollY + window.innerHeight);
}

function reduceMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * Keeps the page at the end of a growing stream while the reader is there, and stops following as soon
 * as they scroll up (then `atEnd` is false and the view offers "jump to latest"). Growth is watched with
 * a ResizeObserver on the stream, so late layout (lazy highlighting, opened rows) is followed too.
 */
export function useAutoFollow(stream: RefObject<HTMLElement | null>, enabled = true) {
  const following = useRef(true);
  const [atEnd, setAtEnd] = useState(true);

  const toEnd = useCallback((smooth: boolean) => {
    window.scrollTo({
      top: document.documentElement.scrollHeight,
      behavior: smooth && !reduceMotion() ? 'smooth' : 'auto',
    });
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let lastY = window.scrollY;
    const onScroll = () => {
      const end = distanceToEnd() <= SLACK;
      // Only a move up by the reader stops following; growth below the fold does not.
      if (end) following.current = true;
      else if (window.scrollY < lastY) following.current = false;
      lastY = window.scrollY;
      setAtEnd(end || following.current);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [enabled]);

  useEffect(() => {
    const el = stream.current;
    if (!enabled || !el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following.current) toEnd(false);
      else setAtEnd(distanceToEnd() <= SLACK);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [stream, enabled, toEnd]);

  const jump = useCallback(() => {
    following.current = true;
    setAtEnd(true);
    toEnd(true);
  }, [toEnd]);

  return { atEnd, jump };
}
