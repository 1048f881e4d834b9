//! The workers of a run: jobs (one per input) taken in input order, and tasks (records of an
//! export, sections of a large document) that a job hands out so that every core lints, even
//! when the run is one big file. What the jobs report reaches the caller in input order, as it
//! is ready.
//!
//! - At most a window of jobs is in flight; a job hands out at most a few tasks ahead of the
//!   one it reports next; a job that is not the one being written waits after a few reports
//!   until it is. Memory stays bounded however large or many the inputs.
//! - A worker with nothing of its own to do runs tasks, earliest job first: when it waits for a
//!   task another worker is running, or for its turn, it runs other tasks meanwhile. Tasks never
//!   wait on anything, so the run cannot deadlock.
//! - When the caller fails (closed stdout), the workers stop taking jobs and tasks and the run
//!   ends: work stops, not only output.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, mpsc};

/// Jobs in flight per worker.
const WINDOW_PER_WORKER: usize = 4;

/// Tasks a job may hand out per worker ahead of the one it reports next.
const TASKS_PER_WORKER: usize = 3;

/// Reports a job may send before it waits for its turn to be written.
const LEAD: usize = 4;

/// Reports a job holds back to send in one message; the rest go with its end. Holding back never
/// stalls a run: a job waits only for the jobs before it to end (or for tasks, which wait on
/// nothing), and a job that ends sends all it holds.
const BATCH: usize = 4;

/// What a job reports, as the caller sees it: its events, then `Done`.
pub(crate) enum Step<E> {
    Event(E),
    Done,
}

/// Run `jobs` on `workers` threads (the calling thread alone when there is one), each through
/// `lint`, and hand every step to `sink`, in input order. Stops at the first error `sink`
/// returns, and returns it.
pub(crate) fn run<J, E>(
    jobs: Vec<J>,
    workers: usize,
    lint: &(dyn Fn(&J, &Lane<'_, E>) + Sync),
    sink: &mut dyn FnMut(Step<E>) -> std::io::Result<()>,
) -> std::io::Result<()>
where
    J: Send,
    E: Send,
{
    let workers = workers.max(1);
    let flow = Flow::new(workers);
    if workers == 1 {
        // No threads: each job reports straight to the sink, in order.
        let mut failed = None;
        {
            let mut out = |step: Step<E>| match sink(step) {
                Ok(()) => true,
                Err(err) => {
                    failed = Some(err);
                    false
                }
            };
            let out: RefCell<&mut dyn FnMut(Step<E>) -> bool> = RefCell::new(&mut out);
            for job in jobs {
                let lane = Lane {
                    flow: &flow,
                    job: 0,
                    out: Out::Direct(&out),
                };
                lint(&job, &lane);
                if flow.stopped() || !(out.borrow_mut())(Step::Done) {
                    break;
                }
            }
        }
        return failed.map_or(Ok(()), Err);
    }
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let (tx, rx) = mpsc::channel::<(usize, Vec<Step<E>>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (flow, queue) = (&flow, &queue);
            scope.spawn(move || {
                while let Some((i, job)) = flow.next(queue) {
                    let lane = Lane {
                        flow,
                        job: i,
                        out: Out::Channel(&tx, RefCell::new(Vec::new())),
                    };
                    lint(&job, &lane);
                    flow.finished();
                    // What the job still holds goes with its end, in one message.
                    let mut last = lane.held();
                    last.push(Step::Done);
                    if tx.send((i, last)).is_err() {
                        flow.stop();
                    }
                }
            });
        }
        drop(tx);
        let result = reorder(&rx, &flow, sink);
        if result.is_err() {
            flow.stop();
        }
        // Workers see the stop (or a closed channel) at their next job, task or report.
        drop(rx);
        result
    })
}

/// Pass steps to `sink` in job order: a job's as they come while it is the head, the others'
/// held until it is their turn.
fn reorder<E>(
    rx: &mpsc::Receiver<(usize, Vec<Step<E>>)>,
    flow: &Flow,
    sink: &mut dyn FnMut(Step<E>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut held: BTreeMap<usize, VecDeque<Step<E>>> = BTreeMap::new();
    let mut head = 0;
    for (i, steps) in rx {
        held.entry(i).or_default().extend(steps);
        // Write what the head job has, moving on to the next job at each `Done`.
        while let Some(step) = held.get_mut(&head).and_then(VecDeque::pop_front) {
            let done = matches!(step, Step::Done);
            sink(step)?;
            if done {
                held.remove(&head);
                head += 1;
                flow.advance(head);
            }
        }
    }
    Ok(())
}

/// Where a job's reports go.
enum Out<'a, E> {
    /// Straight to the sink (one worker).
    Direct(&'a RefCell<&'a mut dyn FnMut(Step<E>) -> bool>),
    /// To the reordering thread, a few reports a message: each message wakes that thread, a
    /// system call or two, and a small job (one template) has only a report or two and its end.
    Channel(&'a mpsc::Sender<(usize, Vec<Step<E>>)>, RefCell<Vec<Step<E>>>),
}

/// A job's view of the run: where it reports, and the crew its tasks go to.
pub(crate) struct Lane<'a, E> {
    flow: &'a Flow,
    job: usize,
    out: Out<'a, E>,
}

impl<'a, E> Lane<'a, E> {
    /// The reports held back so far, taken.
    fn held(&self) -> Vec<Step<E>> {
        match &self.out {
            Out::Direct(_) => Vec::new(),
            Out::Channel(_, held) => std::mem::take(&mut *held.borrow_mut()),
        }
    }

    /// Report `event`; false when the run is over.
    pub(crate) fn send(&self, event: E) -> bool {
        if self.flow.stopped() {
            return false;
        }
        let sent = match &self.out {
            Out::Direct(sink) => (sink.borrow_mut())(Step::Event(event)),
            Out::Channel(tx, held) => {
                let mut held = held.borrow_mut();
                held.push(Step::Event(event));
                held.len() < BATCH || tx.send((self.job, std::mem::take(&mut *held))).is_ok()
            }
        };
        if !sent {
            self.flow.stop();
        }
        sent
    }

    /// Before a job's report number `k` (from 0): wait, running tasks meanwhile, until it is
    /// the job being written, once it is `LEAD` reports ahead. False when the run is over.
    pub(crate) fn turn(&self, k: usize) -> bool {
        if k < LEAD {
            return !self.flow.stopped();
        }
        self.flow.help_until(|st| st.head >= self.job)
    }

    /// An ordered hand-out of tasks whose results are `R`.
    pub(crate) fn ordered<R: Send + 'static>(&self) -> Ordered<'_, 'a, E, R> {
        Ordered {
            lane: self,
            pending: VecDeque::new(),
            depth: self.flow.workers * TASKS_PER_WORKER,
        }
    }
}

/// Work that runs on any worker and yields `R`.
pub(crate) type Work<R> = Box<dyn FnOnce() -> R + Send>;

/// Tasks handed out in order, their results taken back in the same order.
pub(crate) struct Ordered<'l, 'a, E, R> {
    lane: &'l Lane<'a, E>,
    pending: VecDeque<Arc<Task<R>>>,
    depth: usize,
}

impl<E, R: Send + 'static> Ordered<'_, '_, E, R> {
    /// Hand out `work`; once enough is in flight, take the oldest result and give it to `each`.
    /// False when `each` did, or the run is over.
    pub(crate) fn push(&mut self, work: Work<R>, each: &mut dyn FnMut(R) -> bool) -> bool {
        let task = Arc::new(Task::new(work));
        self.lane
            .flow
            .hand_out(self.lane.job, Arc::clone(&task) as Arc<dyn Run>);
        self.pending.push_back(task);
        self.drain_to(self.depth, each)
    }

    /// A result that needs no work (an error about one record), kept in its place in the order.
    pub(crate) fn push_ready(&mut self, result: R, each: &mut dyn FnMut(R) -> bool) -> bool {
        if self.pending.is_empty() {
            return each(result);
        }
        self.pending.push_back(Arc::new(Task::ready(result)));
        self.drain_to(self.depth, each)
    }

    /// Take every result still out, in order.
    pub(crate) fn finish(&mut self, each: &mut dyn FnMut(R) -> bool) -> bool {
        self.drain_to(0, each)
    }

    fn drain_to(&mut self, depth: usize, each: &mut dyn FnMut(R) -> bool) -> bool {
        while self.pending.len() > depth {
            let Some(task) = self.pending.pop_front() else { break };
            let Some(result) = self.lane.flow.result_of(&task) else {
                return false;
            };
            if !each(result) {
                return false;
            }
        }
        true
    }
}

impl<E, R> Drop for Ordered<'_, '_, E, R> {
    /// Tasks no one will take the results of (the job stopped early) are not run.
    fn drop(&mut self) {
        for task in &self.pending {
            drop(task.take_work());
        }
    }
}

/// A task as the crew sees it.
trait Run: Send + Sync {
    /// Do the work, unless someone already took it.
    fn run(&self);
}

struct Task<R> {
    work: Mutex<Option<Work<R>>>,
    /// The result, or the panic that ended the work (raised again in the job that waits).
    done: Mutex<Option<std::thread::Result<R>>>,
}

impl<R> Task<R> {
    fn new(work: Work<R>) -> Self {
        Self {
            work: Mutex::new(Some(work)),
            done: Mutex::new(None),
        }
    }

    fn ready(result: R) -> Self {
        Self {
            work: Mutex::new(None),
            done: Mutex::new(Some(Ok(result))),
        }
    }

    fn take_work(&self) -> Option<Work<R>> {
        self.work.lock().ok().and_then(|mut w| w.take())
    }

    fn take_result(&self) -> Option<std::thread::Result<R>> {
        self.done.lock().ok().and_then(|mut d| d.take())
    }
}

impl<R: Send> Run for Task<R> {
    fn run(&self) {
        if let Some(work) = self.take_work() {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            if let Ok(mut d) = self.done.lock() {
                *d = Some(result);
            }
        }
    }
}

struct State {
    /// Jobs handed to workers so far.
    taken: usize,
    /// The job being written.
    head: usize,
    /// Jobs taken whose `lint` has not returned.
    running: usize,
    /// Every job has been taken.
    exhausted: bool,
    /// Tasks not yet taken by a worker, earliest job first.
    tasks: BTreeMap<(usize, u64), Arc<dyn Run>>,
    /// Tasks handed out so far (orders the tasks of one job).
    serial: u64,
}

/// The workers' shared view of the run.
struct Flow {
    state: Mutex<State>,
    changed: Condvar,
    stop: AtomicBool,
    workers: usize,
}

impl Flow {
    fn new(workers: usize) -> Self {
        Self {
            state: Mutex::new(State {
                taken: 0,
                head: 0,
                running: 0,
                exhausted: false,
                tasks: BTreeMap::new(),
                serial: 0,
            }),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
            workers,
        }
    }

    fn lock(&self) -> Option<MutexGuard<'_, State>> {
        self.state.lock().ok()
    }

    /// A worker's next job, once the window has room; tasks of the jobs in flight are run
    /// first. `None` when every job is over, or after a stop.
    fn next<J>(&self, queue: &Mutex<impl Iterator<Item = (usize, J)>>) -> Option<(usize, J)> {
        let mut st = self.lock()?;
        loop {
            if self.stopped() {
                return None;
            }
            if let Some((_, task)) = st.tasks.pop_first() {
                drop(st);
                self.run_task(task.as_ref());
                st = self.lock()?;
                continue;
            }
            if !st.exhausted && st.taken < st.head + self.workers * WINDOW_PER_WORKER {
                match queue.lock().ok()?.next() {
                    Some(next) => {
                        st.taken += 1;
                        st.running += 1;
                        return Some(next);
                    }
                    None => st.exhausted = true,
                }
                continue;
            }
            if st.exhausted && st.running == 0 {
                return None;
            }
            st = self.changed.wait(st).ok()?;
        }
    }

    /// A job's `lint` returned.
    fn finished(&self) {
        if let Some(mut st) = self.lock() {
            st.running -= 1;
        }
        self.changed.notify_all();
    }

    fn hand_out(&self, job: usize, task: Arc<dyn Run>) {
        if let Some(mut st) = self.lock() {
            st.serial += 1;
            let key = (job, st.serial);
            st.tasks.insert(key, task);
        }
        self.changed.notify_all();
    }

    fn run_task(&self, task: &dyn Run) {
        task.run();
        // Take the lock so that no waiter misses the wake-up between its check and its wait.
        drop(self.lock());
        self.changed.notify_all();
    }

    /// The result of `task`: run here when no worker has taken it, else waited for (running
    /// other tasks meanwhile). `None` after a stop.
    fn result_of<R: Send>(&self, task: &Task<R>) -> Option<R> {
        if let Some(work) = task.take_work() {
            return Some(work());
        }
        let mut result = None;
        self.help_until(|_| {
            result = task.take_result();
            result.is_some()
        });
        match result? {
            Ok(r) => Some(r),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Run tasks until `done` holds; false when the run stopped first.
    fn help_until(&self, mut done: impl FnMut(&State) -> bool) -> bool {
        let Some(mut st) = self.lock() else { return false };
        loop {
            if self.stopped() {
                return false;
            }
            if done(&st) {
                return true;
            }
            if let Some((_, task)) = st.tasks.pop_first() {
                drop(st);
                self.run_task(task.as_ref());
                let Some(s) = self.lock() else { return false };
                st = s;
                continue;
            }
            match self.changed.wait(st) {
                Ok(s) => st = s,
                Err(_) => return false,
            }
        }
    }

    fn advance(&self, head: usize) {
        if let Some(mut st) = self.lock() {
            st.head = head;
        }
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        drop(self.lock());
        self.changed.notify_all();
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::{Lane, Step, run};

    /// Each job hands out `n` tasks that sleep a little in reverse order; reports come back in
    /// input order, whatever finished first.
    fn ordered_run(workers: usize, jobs: Vec<usize>) -> Vec<(usize, usize)> {
        let lint = |&(job, n): &(usize, usize), lane: &Lane<'_, (usize, usize)>| {
            let mut out = lane.ordered::<(usize, usize)>();
            let mut k = 0;
            let mut each = |r: (usize, usize)| {
                let ok = lane.turn(k);
                k += 1;
                ok && lane.send(r)
            };
            for t in 0..n {
                let work = Box::new(move || {
                    std::thread::sleep(std::time::Duration::from_micros(((n - t) * 50) as u64));
                    (job, t)
                });
                if !out.push(work, &mut each) {
                    return;
                }
            }
            out.finish(&mut each);
        };
        let jobs: Vec<(usize, usize)> = jobs.into_iter().enumerate().collect();
        let mut seen = Vec::new();
        run(jobs, workers, &lint, &mut |step| {
            if let Step::Event(e) = step {
                seen.push(e);
            }
            Ok(())
        })
        .unwrap();
        seen
    }

    #[test]
    fn reports_come_in_input_order_on_any_number_of_workers() {
        let sizes = vec![1, 40, 0, 7, 3, 25, 1, 1, 60, 2];
        let expected: Vec<(usize, usize)> = sizes
            .iter()
            .enumerate()
            .flat_map(|(j, &n)| (0..n).map(move |t| (j, t)))
            .collect();
        for workers in [1, 2, 3, 8] {
            assert_eq!(ordered_run(workers, sizes.clone()), expected, "{workers} workers");
        }
    }

    #[test]
    fn one_big_job_uses_every_worker() {
        let lint = |_: &u8, lane: &Lane<'_, std::thread::ThreadId>| {
            let mut out = lane.ordered::<std::thread::ThreadId>();
            let mut each = |id| lane.send(id);
            for _ in 0..64 {
                let work = Box::new(|| {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                    std::thread::current().id()
                });
                out.push(work, &mut each);
            }
            out.finish(&mut each);
        };
        let mut threads = std::collections::HashSet::new();
        run(vec![0u8], 2, &lint, &mut |step| {
            if let Step::Event(id) = step {
                threads.insert(id);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(threads.len(), 2, "both workers ran tasks of the one job");
    }

    #[test]
    fn a_failing_sink_stops_the_run() {
        let lint = |_: &u8, lane: &Lane<'_, u8>| {
            let mut out = lane.ordered::<u8>();
            let mut each = |r| lane.send(r);
            for _ in 0..10_000 {
                if !out.push(Box::new(|| 1), &mut each) {
                    return;
                }
            }
            out.finish(&mut each);
        };
        for workers in [1, 2] {
            let mut n = 0;
            let result = run(vec![0u8; 50], workers, &lint, &mut |_| {
                n += 1;
                if n > 10 {
                    Err(std::io::Error::other("closed"))
                } else {
                    Ok(())
                }
            });
            assert!(result.is_err());
            assert_eq!(n, 11, "nothing is written after the error ({workers} workers)");
        }
    }
}
