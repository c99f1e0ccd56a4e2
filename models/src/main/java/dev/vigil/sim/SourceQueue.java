package dev.vigil.sim;

import java.util.Arrays;

/**
 * A binary min-heap of sources ordered by (next time, insertion order), so that ties resolve the
 * same way in every run.
 */
final class SourceQueue {
  private Source[] heap = new Source[1024];
  private int size;
  private long seq;

  int size() {
    return size;
  }

  Source peek() {
    return size == 0 ? null : heap[0];
  }

  /** Adds a new source; it ranks after every source already added when due at the same time. */
  void add(Source s) {
    s.seq = seq++;
    reinsert(s);
  }

  /** Puts back a source taken with {@link #poll()}, keeping its rank among ties. */
  void reinsert(Source s) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    heap[i] = s;
    siftUp(i);
  }

  Source poll() {
    Source top = heap[0];
    Source last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      heap[0] = last;
      siftDown(0);
    }
    return top;
  }

  private static boolean less(Source a, Source b) {
    return a.next < b.next || (a.next == b.next && a.seq < b.seq);
  }

  private void siftUp(int i) {
    Source s = heap[i];
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!less(s, heap[p])) {
        break;
      }
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = s;
  }

  private void siftDown(int i) {
    Source s = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && less(heap[r], heap[c])) {
        c = r;
      }
      if (!less(heap[c], s)) {
        break;
      }
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = s;
  }
}
