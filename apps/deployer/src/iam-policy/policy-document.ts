// An IAM policy as cagw builds it: the JSON document AWS takes, plus why each statement is there.
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  /** where each action comes from (the SDK call, the resource type); left out of the JSON AWS takes */
  source: string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Omit<PolicyStatement, 'source'>[];
}

/** The document to hand to IAM: the statements without their sources. */
export const policyDocument = (statements: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements.map(({ source: _source, ...s }) => s),
});
