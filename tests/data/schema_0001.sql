-- A database at schema revision 0001 with a small bank and one interview in progress.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0001');
CREATE TABLE amendments (
	id INTEGER NOT NULL, 
	interview_id INTEGER NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	reason TEXT NOT NULL, 
	changes JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	digest VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_amendments PRIMARY KEY (id), 
	CONSTRAINT fk_amendments_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
);
CREATE TABLE annotations (
	id INTEGER NOT NULL, 
	interview_id INTEGER NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	position INTEGER NOT NULL, 
	rating INTEGER, 
	skipped BOOLEAN NOT NULL, 
	covered JSON NOT NULL, 
	notes TEXT NOT NULL, 
	seconds_spent FLOAT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_annotations PRIMARY KEY (id), 
	CONSTRAINT fk_annotations_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE, 
	CONSTRAINT fk_annotations_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id), 
	CONSTRAINT uq_annotations_interview_id UNIQUE (interview_id, question_id)
);
INSERT INTO "annotations" VALUES(1,1,'gqa-096',0,3,0,'[0, 2]','Clear on SFT -> RM -> PPO.',240.0,'2026-11-23 09:39:48.567510');
INSERT INTO "annotations" VALUES(2,1,'gqa-100',1,NULL,0,'[]','Started on reward models',72.5,'2026-11-23 09:39:48.568450');
CREATE TABLE app_meta (
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_app_meta PRIMARY KEY ("key")
);
CREATE TABLE candidates (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role_id VARCHAR(64), 
	notes TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_candidates PRIMARY KEY (id), 
	CONSTRAINT fk_candidates_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id)
);
INSERT INTO "candidates" VALUES(1,'Ada Example','applied-ml-scientist','','2026-11-23 09:39:48.558333');
CREATE TABLE interview_sets (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role_id VARCHAR(64), 
	level VARCHAR(20), 
	params JSON NOT NULL, 
	focus VARCHAR(200) NOT NULL, 
	loop_id INTEGER, 
	loop_position INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_interview_sets PRIMARY KEY (id), 
	CONSTRAINT fk_interview_sets_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id) ON DELETE CASCADE, 
	CONSTRAINT fk_interview_sets_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id), 
	CONSTRAINT uq_interview_sets_name UNIQUE (name)
);
INSERT INTO "interview_sets" VALUES(1,'RLHF screen','applied-ml-scientist','mid','{}','',NULL,0,'2026-11-23 09:39:48.559937','2026-11-23 09:39:48.559950');
CREATE TABLE interviews (
	id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	set_id INTEGER NOT NULL, 
	loop_id INTEGER, 
	interviewer VARCHAR(200) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	current_position INTEGER NOT NULL, 
	elapsed_seconds FLOAT NOT NULL, 
	started_at DATETIME, 
	ended_at DATETIME, 
	recommendation VARCHAR(20), 
	summary TEXT NOT NULL, 
	submitted_at DATETIME, 
	digest VARCHAR(64), 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_interviews PRIMARY KEY (id), 
	CONSTRAINT fk_interviews_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	CONSTRAINT fk_interviews_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id), 
	CONSTRAINT fk_interviews_set_id_interview_sets FOREIGN KEY(set_id) REFERENCES interview_sets (id)
);
INSERT INTO "interviews" VALUES(1,1,1,NULL,'Grace','in_progress',1,312.5,NULL,NULL,NULL,'',NULL,NULL,'2026-11-23 09:39:48.565550');
CREATE TABLE loops (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	level VARCHAR(20) NOT NULL, 
	candidate_id INTEGER, 
	params JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	debrief_override_at DATETIME, 
	debrief_override_by VARCHAR(200), 
	debrief_override_reason TEXT, 
	CONSTRAINT pk_loops PRIMARY KEY (id), 
	CONSTRAINT fk_loops_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	CONSTRAINT fk_loops_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id), 
	CONSTRAINT uq_loops_name UNIQUE (name)
);
CREATE TABLE question_roles (
	question_id VARCHAR(100) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_question_roles PRIMARY KEY (question_id, role_id), 
	CONSTRAINT fk_question_roles_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_question_roles_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id)
);
INSERT INTO "question_roles" VALUES('gqa-096','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-096','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-096','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-096','prompt-engineer');
INSERT INTO "question_roles" VALUES('gqa-097','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-097','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-097','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-098','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-098','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-099','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-099','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-099','prompt-engineer');
INSERT INTO "question_roles" VALUES('gqa-099','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-100','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-100','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-100','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-101','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-101','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-101','mlops-engineer');
INSERT INTO "question_roles" VALUES('gqa-101','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-102','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-102','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-102','prompt-engineer');
INSERT INTO "question_roles" VALUES('gqa-102','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-103','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-103','prompt-engineer');
INSERT INTO "question_roles" VALUES('gqa-103','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-104','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-104','prompt-engineer');
INSERT INTO "question_roles" VALUES('gqa-104','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-104','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-105','applied-ml-scientist');
INSERT INTO "question_roles" VALUES('gqa-105','genai-engineer');
INSERT INTO "question_roles" VALUES('gqa-105','llm-app-engineer');
INSERT INTO "question_roles" VALUES('gqa-105','mlops-engineer');
CREATE TABLE question_topics (
	question_id VARCHAR(100) NOT NULL, 
	topic_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_question_topics PRIMARY KEY (question_id, topic_id), 
	CONSTRAINT fk_question_topics_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_question_topics_topic_id_topics FOREIGN KEY(topic_id) REFERENCES topics (id)
);
INSERT INTO "question_topics" VALUES('gqa-096','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-096','llm-fundamentals',1);
INSERT INTO "question_topics" VALUES('gqa-097','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-097','fine-tuning',1);
INSERT INTO "question_topics" VALUES('gqa-098','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-098','ml-foundations',1);
INSERT INTO "question_topics" VALUES('gqa-099','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-099','llm-fundamentals',1);
INSERT INTO "question_topics" VALUES('gqa-099','responsible-ai',2);
INSERT INTO "question_topics" VALUES('gqa-100','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-100','ml-foundations',1);
INSERT INTO "question_topics" VALUES('gqa-101','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-101','evaluation',1);
INSERT INTO "question_topics" VALUES('gqa-101','responsible-ai',2);
INSERT INTO "question_topics" VALUES('gqa-102','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-102','responsible-ai',1);
INSERT INTO "question_topics" VALUES('gqa-103','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-103','ml-foundations',1);
INSERT INTO "question_topics" VALUES('gqa-103','evaluation',2);
INSERT INTO "question_topics" VALUES('gqa-104','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-104','llm-fundamentals',1);
INSERT INTO "question_topics" VALUES('gqa-104','responsible-ai',2);
INSERT INTO "question_topics" VALUES('gqa-105','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('gqa-105','fine-tuning',1);
CREATE TABLE questions (
	id VARCHAR(100) NOT NULL, 
	prompt TEXT NOT NULL, 
	difficulty VARCHAR(20) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	rubric JSON NOT NULL, 
	answer TEXT, 
	follow_ups JSON NOT NULL, 
	related JSON NOT NULL, 
	minutes INTEGER NOT NULL, 
	source TEXT NOT NULL, 
	retired BOOLEAN NOT NULL, 
	user_edited BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_questions PRIMARY KEY (id)
);
INSERT INTO "questions" VALUES('gqa-096','What is Reinforcement Learning from Human Feedback (RLHF)?','beginner','concept','["Defines it as fine-tuning a model with a reward signal derived from human preferences", "Explains that people rank or compare model outputs rather than writing an ideal answer for everything", "Describes the reward model learned from those comparisons and used to optimize the LLM", "States the goal, outputs that are more helpful, honest and harmless"]','RLHF is a way to tune a language model towards what people actually prefer. Humans compare several answers to the same prompt, a reward model learns to predict those preferences, and the language model is then optimized with reinforcement learning to produce answers the reward model scores highly, making it more helpful and less harmful.','[]','["gqa-097", "gqa-099"]',4,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #96',0,0,'2026-11-23 09:39:48.551231','2026-11-23 09:39:48.551245');
INSERT INTO "questions" VALUES('gqa-097','What are the three main steps in RLHF, and what does each one contribute?','intermediate','concept','["Describes step one, supervised fine-tuning on human-written demonstrations to get a good starting policy", "Describes step two, training a reward model on human comparisons of several outputs for the same prompt", "Describes step three, optimizing the policy against the reward model with reinforcement learning, typically PPO", "Mentions the KL penalty towards the SFT model that stops the policy drifting or gaming the reward", "Notes that the loop can be repeated with fresh comparisons of the new policy''s outputs"]','First, supervised fine-tuning on prompts with high-quality human-written answers turns the base model into a reasonable instruction follower. Second, the SFT model generates several answers per prompt, labellers rank them, and a reward model is trained to score answers the way the labellers would. Third, the SFT model is optimized with PPO to maximize that reward, with a KL penalty that keeps it close to the SFT model so it does not drift into text that exploits the reward model. Steps two and three can be iterated with new comparisons from the improved policy.','[]','["gqa-096"]',6,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #97',0,0,'2026-11-23 09:39:48.551249','2026-11-23 09:39:48.551251');
INSERT INTO "questions" VALUES('gqa-098','What is PPO (Proximal Policy Optimization)? Explain how it works, and why it is used in the reinforcement-learning stage of RLHF and what it costs in practice.','advanced','concept','["Describes PPO as a policy-gradient method that limits how far each update moves the policy", "Explains the clipped surrogate objective built on the probability ratio between the new and old policy", "Mentions the value (critic) model and advantage estimation such as GAE", "Maps it to LLMs, the prompt is the state, tokens are actions, the reward model scores the full response, plus a per-token KL penalty to the reference model", "Notes practical costs, four models in memory (policy, reference, reward, value), instability and hyperparameter sensitivity", "Mentions lighter alternatives such as DPO or GRPO"]','PPO is a policy-gradient algorithm that improves a policy in small, safe steps: it computes the ratio of new to old action probabilities and clips it to a narrow band, so a single batch cannot push the policy too far, and it uses a learned value function to estimate advantages. In RLHF the policy is the LLM, each generated token is an action, the reward model scores the complete response, and a per-token KL penalty against the frozen SFT model is subtracted to stop reward hacking and keep the language fluent. It was chosen because it is relatively stable and sample-efficient for large networks, but it is expensive and finicky: policy, reference, reward and value models must all be held in memory and many hyperparameters interact, which is why simpler methods such as DPO and GRPO became popular.','["What goes wrong if you drop the KL penalty?", "How does GRPO avoid the need for a value model?"]','[]',8,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #98',0,0,'2026-11-23 09:39:48.551253','2026-11-23 09:39:48.551257');
INSERT INTO "questions" VALUES('gqa-099','Why is RLHF important for generative AI models such as chat assistants?','beginner','concept','["Explains that pretraining on next-token prediction does not by itself make a model helpful or safe", "Notes that RLHF captures human judgements that are hard to express as a loss function or as demonstrations", "Lists effects such as better instruction following, fewer harmful or toxic outputs, more appropriate refusals and a preferred tone", "Mentions it as a key ingredient behind ChatGPT-style assistants"]','A pretrained model only learns to continue text, which includes unhelpful, false and toxic text. RLHF adds human judgement about which answers are better, something hard to write as a loss, so the model follows instructions, refuses harmful requests and answers in a useful tone; it is a big part of why ChatGPT felt so different from raw GPT-3.','[]','["gqa-104", "gqa-096"]',3,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #99',0,0,'2026-11-23 09:39:48.551259','2026-11-23 09:39:48.551262');
INSERT INTO "questions" VALUES('gqa-100','What is a reward model in RLHF? How is it trained, how is it used, and where can it go wrong?','intermediate','concept','["Describes it as a model, often an LLM with a scalar output head, that scores a prompt-and-response pair", "Explains training on pairwise human preferences with a Bradley-Terry style loss that ranks the chosen answer above the rejected one", "Explains its use as the reward signal during RL and also for best-of-n reranking or data filtering", "Notes its weaknesses, it is an imperfect proxy that can be exploited (reward hacking) and it inherits labeller biases"]','The reward model is usually a copy of the language model with its output layer replaced by a single scalar score for a prompt and response. It is trained on human comparisons: for each prompt it should give the preferred answer a higher score than the rejected one, using a logistic pairwise (Bradley-Terry) loss. During RL it stands in for the human, scoring every sampled response, and it can also rerank best-of-n samples. Because it is only a proxy trained on limited data, the policy can find outputs it overrates, such as long or flattering answers, and any bias in the labels is passed on.','[]','["gqa-103"]',6,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #100',0,0,'2026-11-23 09:39:48.551264','2026-11-23 09:39:48.551266');
INSERT INTO "questions" VALUES('gqa-101','What are the main challenges of RLHF, and how would you mitigate them in a real training project?','advanced','concept','["Names the cost and slowness of collecting high-quality human preference data at scale", "Names annotator disagreement, bias and inconsistency, and unclear labelling guidelines", "Explains reward hacking or over-optimization, such as verbose, sycophantic or evasive answers that score well", "Mentions RL instability, compute cost and hyperparameter sensitivity", "Gives mitigations such as clear guidelines and calibration, a KL penalty, stopping on held-out human evaluations, reward model ensembles, AI feedback or DPO", "Mentions the alignment tax on capabilities and the need for ongoing red-teaming and evaluation"]','Human preference data is slow and expensive to collect, and labellers disagree and bring their own biases, so I would invest in clear guidelines, calibration rounds, agreement tracking and a diverse labeller pool, and use AI feedback to scale the easy cases. The reward model is only a proxy, so the policy learns to exploit it with long, flattering or evasive answers; I would counter that with a KL penalty, length controls, reward model ensembles or periodic retraining, and stop based on held-out human or strong-judge evaluations rather than the reward itself. PPO is unstable and compute-hungry, so DPO-style methods are worth considering. Finally, alignment can cost capability or cause over-refusal, so I would track capability benchmarks and run red-teaming throughout.','["How would you detect reward hacking before a model ships?", "What would you do about two labellers who consistently disagree?"]','[]',9,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #101',0,0,'2026-11-23 09:39:48.551268','2026-11-23 09:39:48.551270');
INSERT INTO "questions" VALUES('gqa-102','What is model alignment, and why does it matter for generative AI?','beginner','concept','["Defines alignment as making model behaviour match human intentions and values, often summed up as helpful, honest and harmless", "Gives examples of misalignment, such as following harmful instructions, confident fabrication or ignoring what the user meant", "Names techniques such as instruction tuning, RLHF or DPO, constitutional AI, system prompts and guardrails", "Notes that alignment is ongoing work that needs evaluation and red-teaming"]','Alignment is the work of making a model do what its users and developers actually intend, helpfully, honestly and without causing harm. It matters because a capable but misaligned model may invent facts, follow dangerous requests or pursue the literal instruction rather than the intent; techniques range from instruction tuning and RLHF to guardrails and continuous red-teaming.','[]','[]',4,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #102',0,0,'2026-11-23 09:39:48.551272','2026-11-23 09:39:48.551274');
INSERT INTO "questions" VALUES('gqa-103','What is preference modelling in AI, and how do you turn human preferences into a training signal?','intermediate','concept','["Explains learning a function that predicts which of two or more outputs a person would prefer", "Mentions pairwise comparisons and the Bradley-Terry model, or Plackett-Luce for full rankings", "Explains why comparisons are preferred over absolute scores, they are easier and more consistent across annotators", "Describes uses such as reward models for RLHF, direct preference optimization, reranking and recommender systems", "Mentions data quality issues such as annotator agreement and position or length bias"]','Preference modelling learns what people prefer from comparisons rather than absolute ratings, because "A is better than B" is easier and more consistent to judge than a score out of ten. The Bradley-Terry model turns each comparison into a probability based on the difference of two latent scores, and training a network to fit those probabilities gives a reward model; DPO instead uses the same comparisons to update the policy directly. The quality of the result depends on the comparisons, so you check annotator agreement and control for biases such as preferring the first or the longer answer.','[]','["gqa-100"]',6,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #103',0,0,'2026-11-23 09:39:48.551276','2026-11-23 09:39:48.551277');
INSERT INTO "questions" VALUES('gqa-104','How was RLHF used to build ChatGPT and GPT-4, and what changed in the models'' behaviour as a result?','intermediate','concept','["Describes the InstructGPT recipe, SFT on labeller demonstrations, a reward model from ranked outputs, then PPO", "Notes the finding that outputs of a much smaller RLHF-tuned model were preferred over those of the far larger base GPT-3", "Lists behaviour changes such as following instructions, a conversational tone, refusing harmful requests and less toxic output", "Mentions that GPT-4 added safety-specific reward signals (rule-based reward models) and extensive red-teaming", "Acknowledges the limits, hallucinations and jailbreaks remain and over-refusal can increase"]','ChatGPT followed the InstructGPT recipe: fine-tune GPT-3.5 on conversations written by labellers, train a reward model on their rankings of alternative answers, and optimize the model with PPO against it; in the InstructGPT paper a 1.3B RLHF model was preferred over the 175B base GPT-3. For GPT-4, OpenAI added safety-focused reward signals, including rule-based reward models that score refusals, and extensive expert red-teaming. The result is a model that follows instructions, stays conversational and declines harmful requests far more reliably, though it can still hallucinate, be jailbroken or refuse harmless requests.','[]','["gqa-099"]',5,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #104',0,0,'2026-11-23 09:39:48.551279','2026-11-23 09:39:48.551281');
INSERT INTO "questions" VALUES('gqa-105','What are the alternatives to RLHF for aligning a model, and how would you choose among them for a given project?','advanced','concept','["Names Direct Preference Optimization (DPO) and variants such as IPO, KTO, ORPO or SimPO that skip the separate reward model and RL loop", "Names RLAIF and Constitutional AI, where AI feedback guided by written principles replaces much of the human labelling", "Mentions simpler options such as supervised fine-tuning on curated data, rejection sampling (best-of-n) and RL with verifiable rewards such as GRPO", "Compares them on cost, stability, data needs (paired versus unpaired feedback) and quality ceiling", "Makes a reasoned choice, for example DPO for a small team with preference pairs or RLAIF when human labels are scarce"]','The most common alternative is Direct Preference Optimization, which uses the same chosen and rejected pairs but optimizes the policy with a simple classification-style loss, with no reward model and no RL loop; IPO, KTO (which works with unpaired thumbs-up or thumbs-down data), ORPO and SimPO are variations. RLAIF and Anthropic''s Constitutional AI replace most human labels with AI judgements guided by written principles, and for tasks with checkable answers, such as maths or code, RL with verifiable rewards (for example GRPO) avoids a learned reward model. Simpler still are careful SFT and rejection sampling. For a small team with preference data I would start with DPO for its stability and low cost, use AI feedback to scale labelling, and reserve full PPO-based RLHF for cases where online exploration clearly pays off.','["What does the DPO loss optimize, and how does it relate to the RLHF objective?", "What are the risks of relying on AI feedback instead of human feedback?"]','[]',8,'002_0cd6e56ae01fcdad.txt RLHF & Model Alignment #105',0,0,'2026-11-23 09:39:48.551283','2026-11-23 09:39:48.551284');
CREATE TABLE roles (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	default_minutes INTEGER NOT NULL, 
	min_behavioral INTEGER NOT NULL, 
	topic_weights JSON NOT NULL, 
	levels JSON NOT NULL, 
	CONSTRAINT pk_roles PRIMARY KEY (id)
);
INSERT INTO "roles" VALUES('image-gen-specialist','AI Image Generation Specialist','Produces images with diffusion models for products and clients: prompting, control, fine-tuning styles, building repeatable pipelines and judging quality.',45,1,'{"diffusion": 4, "image-workflows": 4, "controlnet-adapters": 3, "peft-lora": 2, "prompting": 2, "multimodal": 2, "evaluation": 1, "responsible-ai": 1, "collaboration": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 25, "intermediate": 50, "advanced": 25}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
INSERT INTO "roles" VALUES('genai-engineer','Generative AI Engineer','Builds products on generative models across text and images: model choice, fine-tuning, retrieval, evaluation and shipping to production.',45,1,'{"genai-foundations": 2, "llm-fundamentals": 3, "transformers": 2, "fine-tuning": 2, "rag": 2, "diffusion": 2, "gans": 1, "vaes": 1, "evaluation": 2, "mlops": 1, "responsible-ai": 1, "collaboration": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 25, "intermediate": 50, "advanced": 25}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
INSERT INTO "roles" VALUES('llm-app-engineer','LLM Application Engineer','Ships applications on top of large language models: prompting, retrieval, orchestration, guarding against injection and hallucination, and keeping cost and latency in check.',45,1,'{"llm-fundamentals": 3, "prompting": 3, "rag": 3, "transformers": 1, "fine-tuning": 1, "peft-lora": 1, "evaluation": 2, "mlops": 2, "responsible-ai": 1, "collaboration": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 25, "intermediate": 50, "advanced": 25}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
INSERT INTO "roles" VALUES('prompt-engineer','Prompt Engineer','Designs, tests and maintains prompts for text and image models; measures prompt quality and defends against misuse.',45,1,'{"prompting": 5, "llm-fundamentals": 3, "rag": 1, "evaluation": 2, "diffusion": 1, "image-workflows": 1, "responsible-ai": 2, "collaboration": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 25, "intermediate": 50, "advanced": 25}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
INSERT INTO "roles" VALUES('mlops-engineer','MLOps / LLMOps Engineer','Runs generative models in production: serving, monitoring, scaling, cost, evaluation pipelines and safe rollouts.',45,1,'{"mlops": 5, "efficiency-scaling": 3, "evaluation": 2, "llm-fundamentals": 1, "rag": 1, "fine-tuning": 1, "responsible-ai": 1, "collaboration": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 25, "intermediate": 50, "advanced": 25}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
INSERT INTO "roles" VALUES('applied-ml-scientist','Applied ML Scientist','Researches and adapts generative models: architectures, training objectives, alignment and rigorous evaluation.',45,1,'{"ml-foundations": 3, "transformers": 3, "diffusion": 2, "gans": 2, "vaes": 2, "rlhf-alignment": 2, "fine-tuning": 1, "peft-lora": 1, "evaluation": 3, "multimodal": 1, "collaboration": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 25, "intermediate": 50, "advanced": 25}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
CREATE TABLE set_items (
	id INTEGER NOT NULL, 
	set_id INTEGER NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	position INTEGER NOT NULL, 
	pinned BOOLEAN NOT NULL, 
	CONSTRAINT pk_set_items PRIMARY KEY (id), 
	CONSTRAINT fk_set_items_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id), 
	CONSTRAINT fk_set_items_set_id_interview_sets FOREIGN KEY(set_id) REFERENCES interview_sets (id) ON DELETE CASCADE, 
	CONSTRAINT uq_set_items_set_id UNIQUE (set_id, question_id)
);
INSERT INTO "set_items" VALUES(1,1,'gqa-096',0,0);
INSERT INTO "set_items" VALUES(2,1,'gqa-100',1,0);
CREATE TABLE topics (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	CONSTRAINT pk_topics PRIMARY KEY (id)
);
INSERT INTO "topics" VALUES('genai-foundations','GenAI foundations','What generative AI is, its model families, history and applications.');
INSERT INTO "topics" VALUES('ml-foundations','ML foundations','Core machine learning, probability, loss functions, classic RL and statistics.');
INSERT INTO "topics" VALUES('llm-fundamentals','LLM fundamentals','How large language models behave; tokens, context windows, decoding and hallucination.');
INSERT INTO "topics" VALUES('transformers','Transformers','Attention, encoder/decoder architectures, positional encoding, pretraining objectives.');
INSERT INTO "topics" VALUES('prompting','Prompting','Prompt design, templates, few-shot and chain-of-thought, prompt injection.');
INSERT INTO "topics" VALUES('rag','RAG and retrieval','Retrieval-augmented generation, embeddings, vector databases, grounding.');
INSERT INTO "topics" VALUES('fine-tuning','Fine-tuning','Full fine-tuning, transfer learning, instruction tuning, dataset preparation.');
INSERT INTO "topics" VALUES('peft-lora','PEFT and LoRA','Parameter-efficient tuning; LoRA, QLoRA, adapters, prompt tuning.');
INSERT INTO "topics" VALUES('rlhf-alignment','RLHF and alignment','Reward models, RLHF, DPO and other preference methods, model alignment.');
INSERT INTO "topics" VALUES('evaluation','Evaluation','Metrics (BLEU, ROUGE, perplexity, FID, CLIPScore), human evaluation, quality checks.');
INSERT INTO "topics" VALUES('mlops','MLOps and LLMOps','Deployment, serving, monitoring, orchestration, cost control in production.');
INSERT INTO "topics" VALUES('efficiency-scaling','Efficiency and scaling','Compute and memory efficiency, quantization, distributed training, latency.');
INSERT INTO "topics" VALUES('diffusion','Diffusion models','DDPM, latent diffusion, samplers, guidance, Stable Diffusion and SDXL.');
INSERT INTO "topics" VALUES('gans','GANs','Generative adversarial networks, their training and failure modes.');
INSERT INTO "topics" VALUES('vaes','VAEs and latent spaces','Variational autoencoders, KL divergence, latent representations, energy-based models.');
INSERT INTO "topics" VALUES('multimodal','Multimodal models','CLIP, vision transformers, vision-language models, cross-attention across modalities.');
INSERT INTO "topics" VALUES('controlnet-adapters','ControlNet and adapters','Structural and style control of image models; ControlNet, IP-Adapter, T2I adapters.');
INSERT INTO "topics" VALUES('image-workflows','Image workflows','Hands-on image pipelines; ComfyUI/A1111, inpainting, upscaling, batch and brand work.');
INSERT INTO "topics" VALUES('responsible-ai','Responsible AI','Bias, safety, ethics, copyright, privacy and governance of generative systems.');
INSERT INTO "topics" VALUES('collaboration','Collaboration','Working with clients, teams and stakeholders; communication, feedback and ownership.');
CREATE INDEX ix_questions_difficulty ON questions (difficulty);
CREATE INDEX ix_questions_kind ON questions (kind);
CREATE INDEX ix_questions_retired ON questions (retired);
CREATE INDEX ix_question_roles_role_id ON question_roles (role_id);
CREATE INDEX ix_question_topics_topic_id ON question_topics (topic_id);
CREATE INDEX ix_interviews_candidate_id ON interviews (candidate_id);
CREATE INDEX ix_interviews_status ON interviews (status);
CREATE INDEX ix_set_items_question_id ON set_items (question_id);
COMMIT;
