//! Why a goroutine waits: the vocabulary that the machine, witnesses and
//! verdicts share (a leaf module).

use serde::Serialize;

/// Why a goroutine is blocked. Names follow the Go runtime's wait reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum BlockReason {
    ChanSend,
    ChanRecv,
    Select,
    SelectNoCases,
    RangeChan,
    NilChanSend,
    NilChanRecv,
    MutexLock,
    RLock,
    WaitGroupWait,
    CondWait,
}

impl BlockReason {
    /// The wait reason as Go's goroutine dumps print it.
    pub fn go_name(self) -> &'static str {
        match self {
            BlockReason::ChanSend => "chan send",
            BlockReason::ChanRecv | BlockReason::RangeChan => "chan receive",
            BlockReason::Select => "select",
            BlockReason::SelectNoCases => "select (no cases)",
            BlockReason::NilChanSend => "chan send (nil chan)",
            BlockReason::NilChanRecv => "chan receive (nil chan)",
            BlockReason::MutexLock => "sync.Mutex.Lock",
            BlockReason::RLock => "sync.RWMutex.RLock",
            BlockReason::WaitGroupWait => "sync.WaitGroup.Wait",
            BlockReason::CondWait => "sync.Cond.Wait",
        }
    }
}
