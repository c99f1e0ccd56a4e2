package dev.vigil.job.exchange;

import dev.vigil.core.exchange.EndpointVolume;
import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.job.config.StateTtl;
import dev.vigil.schema.ExchangeSignal;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed operator of endpoint volume, keyed by endpoint template and population: thin, it keeps
 * one {@link EndpointVolume} per key and hands it each request with its source address, user agent
 * and account; a minute's signals (its volume alarm, and while the endpoint is elevated by a flood,
 * the sources driving it) are emitted with {@code issuedAt} stamped. State lifetime as {@link
 * SubjectFunction}'s: one event-time timer per key, the state dropped {@link
 * ExchangeSettings#endpointMemory} after the last request, a processing-time TTL of the same length
 * as backstop.
 */
public final class EndpointVolumeFunction
    extends KeyedProcessFunction<String, SubjectEvent, ExchangeSignal> {
  private static final long serialVersionUID = 1L;

  private final ExchangeSettings settings;
  private transient ValueState<EndpointVolume> state;
  private transient Emit emit;

  public EndpointVolumeFunction(ExchangeSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<EndpointVolume> d =
        new ValueStateDescriptor<>("endpoint-volume", DetectorSerializers.EndpointVolumes.INSTANCE);
    d.enableTimeToLive(StateTtl.backstop(settings.endpointMemory()));
    state = getRuntimeContext().getState(d);
    emit = new Emit();
  }

  /** Stamps and emits a minute's signals; reused, so a request allocates nothing. */
  private static final class Emit implements Consumer<ExchangeSignal> {
    private Collector<ExchangeSignal> out;
    private long issuedAt;

    Emit to(Collector<ExchangeSignal> out, long issuedAt) {
      this.out = out;
      this.issuedAt = issuedAt;
      return this;
    }

    @Override
    public void accept(ExchangeSignal signal) {
      signal.setIssuedAt(issuedAt);
      out.collect(signal);
    }
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
    volume.update(
        settings,
        e.timeMillis,
        e.failed,
        e.latencyMillis,
        e.subject,
        e.population,
        e.sourceIp,
        e.userAgent,
        e.accountId,
        emit.to(out, ctx.timerService().currentProcessingTime()));
    state.update(volume);
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
