package dev.vigil.job.risk;

import dev.vigil.core.profile.StateMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * A subtask's own state object in union operator state (the population statistics and the kill-rate
 * breakers of {@link SessionRiskFunction}): written as its {@link StateMapper} bytes behind the
 * writing subtask's index (4 bytes); on restore every subtask is given every old subtask's and
 * keeps that of old subtask {@code index mod old parallelism}, so the same parallelism restores
 * each exactly and another gives each a copy of one. Reading costs the size of all old subtasks'
 * states on every subtask.
 */
final class SubtaskStates {
  private SubtaskStates() {}

  /** The union list state of that name, of byte arrays. */
  static ListState<byte[]> union(OperatorStateStore store, String name) throws Exception {
    return store.getUnionListState(
        new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  /**
   * Of the old subtasks' states (each tagged with its index), that of old subtask {@code subtask
   * mod} their number; null when there are none.
   */
  static <T> T pick(ListState<byte[]> state, int subtask, StateMapper<T> mapper) throws Exception {
    List<byte[]> all = new ArrayList<>();
    state.get().forEach(all::add);
    if (all.isEmpty()) {
      return null;
    }
    all.sort(Comparator.comparingInt(b -> ByteBuffer.wrap(b).getInt()));
    byte[] chosen = all.get(subtask % all.size());
    return mapper.fromBytes(Arrays.copyOfRange(chosen, Integer.BYTES, chosen.length));
  }

  /** {@code state}'s bytes behind the index of the subtask that writes them. */
  static <T> byte[] tagged(int subtask, StateMapper<T> mapper, T state) {
    byte[] bytes = mapper.toBytes(state);
    return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(subtask).put(bytes).array();
  }
}
