import React from 'react';
import { useSearchParams } from 'react-router-dom';
import { Stack, Tab, TabsBar } from '@grafana/ui';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { CLUSTER_PARAM } from '../../constants';
import { RulesTab } from './RulesTab';
import { CountersTab, VQueuesTab } from './VQueuesTab';

const TABS = [
  { id: 'rules', label: 'Rules' },
  { id: 'vqueues', label: 'Virtual queues' },
  { id: 'counters', label: 'Limit counters' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** Restate's flow control: concurrency rules (Admins change them), virtual queues (Editors pause them), counters. */
export default function FlowControlPage() {
  const [params, setParams] = useSearchParams();
  const tab: TabId = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'rules';
  return (
    <ClusterPage subTitle="Concurrency rules, virtual queues and limit counters of Restate's flow control.">
      {(cluster) => (
        <Stack direction="column" gap={2}>
          <TabsBar>
            {TABS.map((t) => (
              <Tab
                key={t.id}
                label={t.label}
                active={t.id === tab}
                onChangeTab={() =>
                  setParams((p) => {
                    // Filters belong to one tab; the cluster stays.
                    const next = new URLSearchParams();
                    const c = p.get(CLUSTER_PARAM);
                    if (c) {
                      next.set(CLUSTER_PARAM, c);
                    }
                    next.set('tab', t.id);
                    return next;
                  })
                }
              />
            ))}
          </TabsBar>
          {tab === 'rules' && <RulesTab clusterUid={cluster.uid} />}
          {tab === 'vqueues' && <VQueuesTab clusterUid={cluster.uid} />}
          {tab === 'counters' && <CountersTab clusterUid={cluster.uid} />}
        </Stack>
      )}
    </ClusterPage>
  );
}
