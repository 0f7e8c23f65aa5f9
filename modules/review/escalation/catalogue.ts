/**
 * The privilege-escalation catalogue of the review: every path of the public catalogues whose permissions live in
 * identity policies, as permission sets. Written in our own words from reading the sources (never copied):
 * - pathfinding.cloud (Datadog, Apache-2.0), `data/paths/<service>/<id>.yaml`: path ids such as `lambda-003`;
 * - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (2018/2019), methods numbered 1-21
 *   in the order of the article (plus its later CodeStar and Lambda-layer additions);
 * - PMapper (NCC Group), `principalmapper/graphing/*_edges.py`: one edge checker per service;
 * - HackTricks (`aws-<service>-privesc`), for the few paths the three above do not list.
 *
 * A path fires when a principal may perform every action of `actions` (on the targets given, when given) and, for
 * `iam:PassRole`, may pass a role to one of `passTo` (checked with `iam:PassedToService`).
 */

/** A public catalogue and the id of the path in it. */
export interface CatalogueSource {
  readonly catalogue: "pathfinding.cloud" | "rhino" | "pmapper" | "hacktricks";
  /** Path id in that catalogue: `iam-001`, `method-17`, `LambdaEdgeChecker`, `ecs-privesc`. */
  readonly id: string;
}

/** How the path gains power. */
export type PathKind =
  /** Changes the principal's own permissions (policies, groups, versions). */
  | "self"
  /** Gets credentials of, or assumes, another principal. */
  | "principal-access"
  /** Creates compute that runs with a role it passes. */
  | "new-passrole"
  /** Takes over a resource that already runs with a role. */
  | "existing-resource";

export interface EscalationPath {
  /** Rule id, `escalation.<name>`. */
  readonly id: string;
  readonly kind: PathKind;
  /** Every action needed. */
  readonly actions: readonly string[];
  /** Service principals a passed role goes to (`iam:PassedToService`), for paths with `iam:PassRole`. */
  readonly passTo?: readonly string[];
  /** One line, our words: what an attacker does. */
  readonly how: string;
  readonly sources: readonly CatalogueSource[];
}

const pf = (id: string): CatalogueSource => ({ catalogue: "pathfinding.cloud", id });
const rhino = (n: number): CatalogueSource => ({ catalogue: "rhino", id: `method-${n}` });
const pm = (edge: string): CatalogueSource => ({ catalogue: "pmapper", id: edge });
const ht = (page: string): CatalogueSource => ({ catalogue: "hacktricks", id: page });

const EC2 = ["ec2.amazonaws.com"];
const LAMBDA = ["lambda.amazonaws.com"];
const GLUE = ["glue.amazonaws.com"];
const CFN = ["cloudformation.amazonaws.com"];
const ECS = ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com"];
const SAGEMAKER = ["sagemaker.amazonaws.com"];
const CODEBUILD = ["codebuild.amazonaws.com"];
const APPRUNNER = ["build.apprunner.amazonaws.com", "tasks.apprunner.amazonaws.com", "apprunner.amazonaws.com"];
const AGENTCORE = ["bedrock-agentcore.amazonaws.com"];
const PIPELINE = ["datapipeline.amazonaws.com", "elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"];
const CODESTAR = ["codestar.amazonaws.com"];
const AUTOSCALING = ["ec2.amazonaws.com", "autoscaling.amazonaws.com"];

const path = (id: string, kind: PathKind, actions: string[], how: string, sources: CatalogueSource[], passTo?: string[]): EscalationPath => ({
  id: `escalation.${id}`,
  kind,
  actions,
  how,
  sources,
  ...(passTo ? { passTo } : {}),
});

/** Every catalogued path, grouped by service. */
export const ESCALATION_PATHS: readonly EscalationPath[] = [
  // IAM: changing one's own permissions.
  path("iam-create-policy-version", "self", ["iam:CreatePolicyVersion"], "write a new default version of a policy attached to itself", [pf("iam-001"), rhino(1), pm("IAMEdgeChecker")]),
  path("iam-set-default-policy-version", "self", ["iam:SetDefaultPolicyVersion"], "make an older, broader version of its own policy the default", [rhino(2)]),
  path("iam-put-role-policy", "self", ["iam:PutRolePolicy"], "write an administrator inline policy into its own role", [pf("iam-005"), rhino(12), pm("IAMEdgeChecker")]),
  path("iam-put-user-policy", "self", ["iam:PutUserPolicy"], "write an administrator inline policy into its own user", [pf("iam-007"), rhino(10), pm("IAMEdgeChecker")]),
  path("iam-put-group-policy", "self", ["iam:PutGroupPolicy"], "write an administrator inline policy into a group it belongs to", [pf("iam-011"), rhino(11), pm("IAMEdgeChecker")]),
  path("iam-attach-user-policy", "self", ["iam:AttachUserPolicy"], "attach AdministratorAccess to its own user", [pf("iam-008"), rhino(7), pm("IAMEdgeChecker")]),
  path("iam-attach-role-policy", "self", ["iam:AttachRolePolicy"], "attach AdministratorAccess to its own role", [pf("iam-009"), rhino(9), pm("IAMEdgeChecker")]),
  path("iam-attach-group-policy", "self", ["iam:AttachGroupPolicy"], "attach AdministratorAccess to a group it belongs to", [pf("iam-010"), rhino(8), pm("IAMEdgeChecker")]),
  path("iam-add-user-to-group", "self", ["iam:AddUserToGroup"], "add itself to an administrators group", [pf("iam-013"), rhino(13), pm("IAMEdgeChecker")]),
  path("iam-delete-role-boundary", "self", ["iam:DeleteRolePermissionsBoundary"], "remove the permissions boundary that limits its role", [ht("aws-iam-privesc")]),
  path("iam-put-role-boundary", "self", ["iam:PutRolePermissionsBoundary"], "replace the boundary of its role with a broader one", [ht("aws-iam-privesc")]),
  path("iam-delete-user-boundary", "self", ["iam:DeleteUserPermissionsBoundary"], "remove the permissions boundary that limits its user", [ht("aws-iam-privesc")]),
  path("iam-put-user-boundary", "self", ["iam:PutUserPermissionsBoundary"], "replace the boundary of its user with a broader one", [ht("aws-iam-privesc")]),
  // IAM: credentials of, or trust into, another principal.
  path("iam-create-access-key", "principal-access", ["iam:CreateAccessKey"], "create an access key for another user", [pf("iam-002"), rhino(4), pm("IAMEdgeChecker")]),
  path("iam-create-access-key-after-delete", "principal-access", ["iam:CreateAccessKey", "iam:DeleteAccessKey"], "delete one of another user's two keys to make room for its own", [pf("iam-003")]),
  path("iam-create-login-profile", "principal-access", ["iam:CreateLoginProfile"], "give another user a console password it knows", [pf("iam-004"), rhino(5), pm("IAMEdgeChecker")]),
  path("iam-update-login-profile", "principal-access", ["iam:UpdateLoginProfile"], "change another user's console password", [pf("iam-006"), rhino(6), pm("IAMEdgeChecker")]),
  path("iam-update-assume-role-policy", "principal-access", ["iam:UpdateAssumeRolePolicy"], "rewrite a role's trust policy to admit itself", [pf("iam-012"), pm("IAMEdgeChecker")]),
  path("iam-update-assume-role-policy-assume", "principal-access", ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], "admit itself in a role's trust policy, then assume it", [rhino(14), pm("STSEdgeChecker")]),
  path("iam-attach-role-policy-assume", "principal-access", ["iam:AttachRolePolicy", "sts:AssumeRole"], "attach AdministratorAccess to a role it may assume", [pf("iam-014")]),
  path("iam-attach-user-policy-access-key", "principal-access", ["iam:AttachUserPolicy", "iam:CreateAccessKey"], "attach AdministratorAccess to another user and create a key for it", [pf("iam-015")]),
  path("iam-create-policy-version-assume", "principal-access", ["iam:CreatePolicyVersion", "sts:AssumeRole"], "rewrite a policy of a role it may assume", [pf("iam-016")]),
  path("iam-put-role-policy-assume", "principal-access", ["iam:PutRolePolicy", "sts:AssumeRole"], "write an administrator inline policy into a role it may assume", [pf("iam-017")]),
  path("iam-put-user-policy-access-key", "principal-access", ["iam:PutUserPolicy", "iam:CreateAccessKey"], "write an administrator policy into another user and create a key for it", [pf("iam-018")]),
  path("iam-attach-role-policy-trust", "principal-access", ["iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"], "attach AdministratorAccess to a role and admit itself in its trust", [pf("iam-019")]),
  path("iam-create-policy-version-trust", "principal-access", ["iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"], "rewrite a role's policy and admit itself in its trust", [pf("iam-020")]),
  path("iam-put-role-policy-trust", "principal-access", ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"], "write a role's inline policy and admit itself in its trust", [pf("iam-021")]),
  path("sts-assume-role", "principal-access", ["sts:AssumeRole"], "assume a more powerful role whose trust admits it", [pf("sts-001"), pm("STSEdgeChecker")]),
  // PassRole into a service that runs code with the passed role.
  path("ec2-run-instances", "new-passrole", ["iam:PassRole", "ec2:RunInstances"], "launch an instance with a powerful instance profile and read its credentials", [pf("ec2-001"), rhino(3), pm("EC2EdgeChecker")], EC2),
  path("ec2-request-spot-instances", "new-passrole", ["iam:PassRole", "ec2:RequestSpotInstances"], "request a spot instance with a powerful instance profile", [pf("ec2-003")], EC2),
  path("ec2-associate-instance-profile", "new-passrole", ["iam:PassRole", "ec2:AssociateIamInstanceProfile"], "attach a powerful instance profile to an instance it controls", [pm("EC2EdgeChecker")], EC2),
  path("autoscaling-launch-configuration", "new-passrole", ["iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"], "start instances with a powerful profile through an Auto Scaling group", [pm("AutoScalingEdgeChecker")], AUTOSCALING),
  path("autoscaling-launch-template", "new-passrole", ["iam:PassRole", "ec2:CreateLaunchTemplate", "autoscaling:CreateAutoScalingGroup"], "start instances with a powerful profile from a new launch template", [pm("AutoScalingEdgeChecker")], AUTOSCALING),
  path("lambda-create-invoke", "new-passrole", ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "create a function with a powerful role and invoke it", [pf("lambda-001"), rhino(15), pm("LambdaEdgeChecker")], LAMBDA),
  path("lambda-create-event-source", "new-passrole", ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"], "create a function with a powerful role and trigger it from an event source", [pf("lambda-002"), rhino(16)], LAMBDA),
  path("lambda-create-add-permission", "new-passrole", ["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"], "create a function with a powerful role and let itself invoke it", [pf("lambda-006")], LAMBDA),
  path("lambda-update-configuration-role", "new-passrole", ["iam:PassRole", "lambda:UpdateFunctionConfiguration"], "swap a function's role for a powerful one", [pm("LambdaEdgeChecker")], LAMBDA),
  path("glue-create-dev-endpoint", "new-passrole", ["iam:PassRole", "glue:CreateDevEndpoint"], "create a Glue development endpoint with a powerful role and log in", [pf("glue-001"), rhino(18)], GLUE),
  path("glue-create-job-run", "new-passrole", ["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"], "create and run a Glue job with a powerful role", [pf("glue-003")], GLUE),
  path("glue-create-job-trigger", "new-passrole", ["iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"], "create a Glue job with a powerful role and a trigger for it", [pf("glue-004")], GLUE),
  path("glue-update-job-run", "new-passrole", ["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"], "give a Glue job a powerful role and run it", [pf("glue-005")], GLUE),
  path("glue-update-job-trigger", "new-passrole", ["iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"], "give a Glue job a powerful role and trigger it", [pf("glue-006")], GLUE),
  path("cloudformation-create-stack", "new-passrole", ["iam:PassRole", "cloudformation:CreateStack"], "create a stack whose service role creates what it wants", [pf("cloudformation-001"), rhino(20), pm("CloudFormationEdgeChecker")], CFN),
  path("cloudformation-create-stack-set", "new-passrole", ["iam:PassRole", "cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"], "deploy a stack set with a powerful execution role", [pf("cloudformation-003")], CFN),
  path("cloudformation-update-stack-set", "new-passrole", ["iam:PassRole", "cloudformation:UpdateStackSet"], "update a stack set under a powerful administration role", [pf("cloudformation-004")], CFN),
  path("datapipeline-create", "new-passrole", ["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"], "run a pipeline activity with a powerful role", [pf("datapipeline-001"), rhino(21)], PIPELINE),
  path("ecs-create-cluster-service", "new-passrole", ["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:CreateService"], "run a service in a new cluster with a powerful task role", [pf("ecs-001")], ECS),
  path("ecs-create-cluster-run-task", "new-passrole", ["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:RunTask"], "run a task in a new cluster with a powerful task role", [pf("ecs-002")], ECS),
  path("ecs-create-service", "new-passrole", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"], "run a service with a powerful task role", [pf("ecs-003")], ECS),
  path("ecs-run-task", "new-passrole", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"], "run a task with a powerful task role", [pf("ecs-004")], ECS),
  path("ecs-start-task", "new-passrole", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:StartTask"], "start a task with a powerful task role", [pf("ecs-005")], ECS),
  path("sagemaker-notebook", "new-passrole", ["iam:PassRole", "sagemaker:CreateNotebookInstance"], "create a notebook with a powerful role and open it", [pf("sagemaker-001"), pm("SageMakerEdgeChecker")], SAGEMAKER),
  path("sagemaker-training-job", "new-passrole", ["iam:PassRole", "sagemaker:CreateTrainingJob"], "run a training job (its own container) with a powerful role", [pf("sagemaker-002"), pm("SageMakerEdgeChecker")], SAGEMAKER),
  path("sagemaker-processing-job", "new-passrole", ["iam:PassRole", "sagemaker:CreateProcessingJob"], "run a processing job with a powerful role", [pf("sagemaker-003"), pm("SageMakerEdgeChecker")], SAGEMAKER),
  path("codebuild-create-start", "new-passrole", ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"], "build a new project with a powerful service role", [pf("codebuild-001"), pm("CodeBuildEdgeChecker")], CODEBUILD),
  path("codebuild-create-start-batch", "new-passrole", ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"], "batch-build a new project with a powerful service role", [pf("codebuild-004")], CODEBUILD),
  path("codebuild-update-start", "new-passrole", ["iam:PassRole", "codebuild:UpdateProject", "codebuild:StartBuild"], "give a project a powerful service role and build it", [pm("CodeBuildEdgeChecker")], CODEBUILD),
  path("apprunner-create-service", "new-passrole", ["iam:PassRole", "apprunner:CreateService"], "run an App Runner service with a powerful instance role", [pf("apprunner-001")], APPRUNNER),
  path("agentcore-code-interpreter", "new-passrole", ["iam:PassRole", "bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], "run code in a new AgentCore code interpreter with a powerful role", [pf("bedrock-001")], AGENTCORE),
  path("codestar-create-project", "new-passrole", ["iam:PassRole", "codestar:CreateProject"], "create a CodeStar project whose service role creates resources", [ht("aws-codestar-privesc")], CODESTAR),
  // Taking over a resource that already runs with a role.
  path("lambda-update-code", "existing-resource", ["lambda:UpdateFunctionCode"], "replace the code of a function that runs with a role", [pf("lambda-003"), rhino(17), pm("LambdaEdgeChecker")]),
  path("lambda-update-code-invoke", "existing-resource", ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], "replace a function's code and invoke it", [pf("lambda-004")]),
  path("lambda-update-code-add-permission", "existing-resource", ["lambda:UpdateFunctionCode", "lambda:AddPermission"], "replace a function's code and let itself invoke it", [pf("lambda-005")]),
  path("lambda-update-configuration-layers", "existing-resource", ["lambda:UpdateFunctionConfiguration"], "add a layer that runs its code inside an existing function", [ht("aws-lambda-privesc")]),
  path("glue-update-dev-endpoint", "existing-resource", ["glue:UpdateDevEndpoint"], "add its SSH key to an existing Glue development endpoint", [pf("glue-002"), rhino(19)]),
  path("sagemaker-presigned-url", "existing-resource", ["sagemaker:CreatePresignedNotebookInstanceUrl"], "open an existing notebook and use its role", [pf("sagemaker-004")]),
  path("sagemaker-lifecycle-config", "existing-resource", ["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance", "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance"], "run a lifecycle script in an existing notebook", [pf("sagemaker-005")]),
  path("apprunner-update-service", "existing-resource", ["apprunner:UpdateService"], "point an existing App Runner service at its own image", [pf("apprunner-002")]),
  path("agentcore-existing-interpreter", "existing-resource", ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], "run code in an existing AgentCore code interpreter", [pf("bedrock-002")]),
  path("cloudformation-update-stack", "existing-resource", ["cloudformation:UpdateStack"], "change a stack that runs under a powerful service role", [pf("cloudformation-002"), pm("CloudFormationEdgeChecker")]),
  path("cloudformation-change-set", "existing-resource", ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"], "execute a change set on a stack with a powerful service role", [pf("cloudformation-005"), pm("CloudFormationEdgeChecker")]),
  path("codebuild-start-build", "existing-resource", ["codebuild:StartBuild"], "start a build of an existing project with an overridden buildspec", [pf("codebuild-002"), pm("CodeBuildEdgeChecker")]),
  path("codebuild-start-build-batch", "existing-resource", ["codebuild:StartBuildBatch"], "start a batch build of an existing project with an overridden buildspec", [pf("codebuild-003")]),
  path("ec2-instance-connect", "existing-resource", ["ec2-instance-connect:SendSSHPublicKey"], "log in to an instance and read its profile's credentials", [pf("ec2instanceconnect-003")]),
  path("ec2-modify-user-data", "existing-resource", ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"], "change an instance's user data and restart it", [pf("ec2-002")]),
  path("ec2-launch-template-version", "existing-resource", ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"], "make a new launch template version with its user data the default", [pf("ec2-004")]),
  path("ssm-start-session", "existing-resource", ["ssm:StartSession"], "open a shell on an instance and use its role", [pf("ssm-001"), pm("SSMEdgeChecker")]),
  path("ssm-send-command", "existing-resource", ["ssm:SendCommand"], "run commands on an instance and use its role", [pf("ssm-002"), pm("SSMEdgeChecker")]),
  path("ecs-execute-command", "existing-resource", ["ecs:ExecuteCommand"], "open a shell in a running task and use its task role", [ht("aws-ecs-privesc")]),
  path("codestar-associate-team-member", "existing-resource", ["codestar:CreateProject", "codestar:AssociateTeamMember"], "make itself owner of a CodeStar project and use its role", [ht("aws-codestar-privesc")]),
];
