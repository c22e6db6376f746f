package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class CommonPoolTest {
  @Test
  void twoThreadsOnMachinesWhereTheJdkWouldGiveOne() {
    for (int cores : new int[] {1, 2}) {
      Properties p = new Properties();
      CommonPool.atLeastTwoThreads(p, cores);
      assertEquals("2", p.getProperty(CommonPool.PARALLELISM), cores + " cores");
    }
  }

  @Test
  void theJdkDefaultWhereItIsAlreadyTwoOrMore() {
    Properties p = new Properties();
    CommonPool.atLeastTwoThreads(p, 3);
    assertNull(p.getProperty(CommonPool.PARALLELISM));
  }

  @Test
  void anOperatorsOwnSettingIsKept() {
    Properties p = new Properties();
    p.setProperty(CommonPool.PARALLELISM, "1");
    CommonPool.atLeastTwoThreads(p, 2);
    assertEquals("1", p.getProperty(CommonPool.PARALLELISM));
  }
}
