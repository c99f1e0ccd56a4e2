package dev.vigil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.sketch.Hashing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ClientDevicesTest {

  @Test
  void remembersTheModelsItLearnedAndNothingForAUserAgentThatNamesNone() {
    ClientDevices d = new ClientDevices();
    d.learn(Hashing.of("samsung sm-s921b"), true, -1, 1);
    d.learn(Hashing.ABSENT, true, -1, 2);
    d.learn(Hashing.of("samsung sm-s921b"), true, -1, 3);
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.knows(Hashing.of("samsung sm-s921b"))).isTrue();
    assertThat(d.knows(Hashing.of("pixel 8 pro"))).isFalse();
  }

  @Test
  void aNewModelReplacesTheOneLeastRecentlySeenWhenFull() {
    ClientDevices d = new ClientDevices();
    for (int i = 0; i < ClientDevices.SLOTS; i++) {
      d.learn(Hashing.of("model-" + i), true, -1, 10 + i);
    }
    d.learn(Hashing.of("model-0"), true, -1, 100); // seen again: model-1 is now the stalest
    d.learn(Hashing.of("model-new"), true, -1, 101);
    assertThat(d.size()).isEqualTo(ClientDevices.SLOTS);
    assertThat(d.knows(Hashing.of("model-0"))).isTrue();
    assertThat(d.knows(Hashing.of("model-1"))).isFalse();
    assertThat(d.knows(Hashing.of("model-new"))).isTrue();
  }

  @Test
  void roundTripsWithinItsBoundAndRejectsAnOverfullCount() throws IOException {
    ClientDevices d = new ClientDevices();
    for (int i = 0; i < ClientDevices.SLOTS + 2; i++) {
      d.learn(Hashing.of("model-" + i), i % 2 == 0, i, i);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    d.write(new DataOutputStream(bytes));
    assertThat(bytes.size()).isEqualTo(ClientDevices.MAX_BYTES);
    ClientDevices back = new ClientDevices();
    back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.size()).isEqualTo(ClientDevices.SLOTS);
    assertThat(back.knows(Hashing.of("model-5"))).isTrue();
    byte[] bad = bytes.toByteArray();
    bad[0] = (byte) (ClientDevices.SLOTS + 1);
    assertThatThrownBy(
            () -> new ClientDevices().read(new DataInputStream(new ByteArrayInputStream(bad))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("devices, at most " + ClientDevices.SLOTS);
  }

  @Test
  void keepsTheNewestSystemOfEachDeviceAndWhetherAnyIsAModel() {
    ClientDevices d = new ClientDevices();
    d.learn(Hashing.of("iphone"), false, 18_3, 1);
    d.learn(Hashing.of("iphone"), false, 18_0, 2);
    assertThat(d.osNewest(d.find(Hashing.of("iphone")))).isEqualTo(18_3);
    assertThat(d.knowsAModel()).isFalse();
    d.learn(Hashing.of("pixel 8 pro"), true, 14, 3);
    assertThat(d.knowsAModel()).isTrue();
  }
}
