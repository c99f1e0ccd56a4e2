package dev.vigil.job.exchange;

import dev.vigil.core.exchange.EndpointVolume;
import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.job.config.StateTtl;
import dev.vigil.schema.ExchangeSignal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed operator of endpoint volume, keyed by endpoint template and population: thin, it keeps
 * one {@link EndpointVolume} per key and hands it each request; a minute's alarm is emitted with
 * {@code issuedAt} stamped. State lifetime as {@link SubjectFunction}'s: one event-time timer per
 * key, the state dropped {@link ExchangeSettings#endpointMemory} after the last request, a
 * processing-time TTL of the same length as backstop.
 */
public final class EndpointVolumeFunction
    extends KeyedProcessFunction<String, SubjectEvent, ExchangeSignal> {
  private static final long serialVersionUID = 1L;

  private final ExchangeSettings settings;
  private transient ValueState<EndpointVolume> state;

  public EndpointVolumeFunction(ExchangeSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<EndpointVolume> d =
        new ValueStateDescriptor<>("endpoint-volume", DetectorSerializers.EndpointVolumes.INSTANCE);
    d.enableTimeToLive(StateTtl.backstop(settings.endpointMemory()));
    state = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(SubjectEvent e, Context ctx, Collector<ExchangeSignal> out)
      throws Exception {
    EndpointVolume volume = state.value();
    if (volume == null) {
      volume = new EndpointVolume();
      ctx.timerService()
          .registerEventTimeTimer(e.timeMillis + settings.endpointMemory().toMillis());
    }
    ExchangeSignal signal =
        volume.update(settings, e.timeMillis, e.failed, e.latencyMillis, e.subject, e.population);
    state.update(volume);
    if (signal != null) {
      signal.setIssuedAt(ctx.timerService().currentProcessingTime());
      out.collect(signal);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExchangeSignal> out)
      throws Exception {
    EndpointVolume volume = state.value();
    if (volume == null) {
      return;
    }
    long due = volume.lastSeen() + settings.endpointMemory().toMillis();
    if (due <= timestamp) {
      state.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(due);
    }
  }
}
