import { useCallback, useEffect, useRef, useState } from "preact/hooks";

/**
 * A `changed()` to call as often as you like (every progress event of 500 uploads): the
 * component renders again at most once per animation frame.
 */
export const useFrameRender = (): (() => void) => {
  const [, setFrame] = useState(0);
  const scheduled = useRef(0);
  useEffect(() => () => cancelAnimationFrame(scheduled.current), []);
  return useCallback(() => {
    if (scheduled.current) return;
    scheduled.current = requestAnimationFrame(() => {
      scheduled.current = 0;
      setFrame((frame) => frame + 1);
    });
  }, []);
};
